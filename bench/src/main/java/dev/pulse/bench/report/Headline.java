package dev.pulse.bench.report;

/**
 * One line of the summary table: what was measured, the figure (median (min–max) over repetitions), the aim it is held
 * against and whether it met it ({@code null}: no aim, or not measurable here).
 */
public record Headline(String section, String name, String figure, String aim, Boolean met) {
    public String verdict() {
        return met == null ? "" : met ? "met" : "MISSED";
    }
}

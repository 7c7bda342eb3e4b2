package dev.pulse.bench.measure;

/** One repetition's latency distribution, in milliseconds. */
public record LatencySummary(long count, double p50, double p95, double p99, double max) {
    public static final LatencySummary EMPTY = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Parses {@code count p50 p95 p99 max} as the load client prints them. */
    public static LatencySummary parse(String[] fields, int from) {
        return new LatencySummary(
                Long.parseLong(fields[from]),
                Double.parseDouble(fields[from + 1]),
                Double.parseDouble(fields[from + 2]),
                Double.parseDouble(fields[from + 3]),
                Double.parseDouble(fields[from + 4]));
    }
}

package dev.pulse.bench.report;

import dev.pulse.bench.measure.ProcessStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Renders a run as BENCHMARKS.md and as the console table. */
public final class BenchmarksFile {
    private BenchmarksFile() {}

    public static String console(List<Section> sections) {
        StringBuilder out = new StringBuilder();
        String format = "%-70s %-34s %-18s %s%n";
        out.append(
                String.format(Locale.ROOT, format, "figure (median (min–max) of repetitions)", "measured", "aim", ""));
        for (Section section : sections) {
            out.append(section.title()).append('\n');
            for (Headline h : section.headlines()) {
                out.append(String.format(Locale.ROOT, format, "  " + h.name(), h.figure(), h.aim(), h.verdict()));
            }
        }
        return out.toString();
    }

    public static String markdown(RunInfo info, String profile, List<Section> sections, Duration took) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Written by `")
                .append(info.command())
                .append("` — every figure below comes from that run; do not edit by hand.\n\n");
        MarkdownTable run = new MarkdownTable("", "");
        run.row("date", info.startedAt())
                .row("command", "`" + info.command() + "` (profile " + profile + ")")
                .row("git revision", info.gitRevision())
                .row(
                        "machine",
                        info.cpu() + ", " + info.cores() + " cores, " + info.memoryMb() + " MB RAM, " + info.os())
                .row("JDK", info.jdk())
                .row(
                        "load average (1 min)",
                        String.format(
                                Locale.ROOT,
                                "%.1f at start, %.1f at end (other builds share this machine)",
                                info.loadAtStart(),
                                ProcessStats.loadAverage()))
                .row("duration", String.format(Locale.ROOT, "%.1f min", took.toSeconds() / 60.0));
        md.append(run.render()).append('\n');
        md.append("Every headline is the median of the repetitions, with (min–max); ratios are against a baseline "
                + "measured in the same run.\n\n");
        MarkdownTable summary = new MarkdownTable("section", "figure", "measured", "aim", "");
        for (Section s : sections) {
            for (Headline h : s.headlines()) {
                summary.row(s.title().substring(0, 2).strip(), h.name().strip(), h.figure(), h.aim(), h.verdict());
            }
        }
        md.append("## Summary\n\n").append(summary.render()).append('\n');
        for (Section s : sections) {
            md.append("## ").append(s.title()).append("\n\n").append(s.markdown());
        }
        md.append(howToRead());
        return md.toString();
    }

    private static String howToRead() {
        try (InputStream in = BenchmarksFile.class.getResourceAsStream("/dev/pulse/bench/how-to-read.md")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

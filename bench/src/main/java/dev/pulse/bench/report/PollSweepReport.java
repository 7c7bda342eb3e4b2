package dev.pulse.bench.report;

import dev.pulse.bench.ProcessingSetting;
import dev.pulse.bench.e2e.EndToEndBench;
import dev.pulse.bench.e2e.PollSweepBench;
import dev.pulse.bench.e2e.PollSweepBench.Point;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** The poll sweep's section: the chosen setting as headlines, the sweep as a table and findings computed from it. */
public final class PollSweepReport {
    static final double LIMIT_MS = 50;

    private PollSweepReport() {}

    public static Section section(PollSweepBench.Outcome o, ProcessingSetting shipped) {
        Section s = new Section("1b. Poll interval × commit interval at low rates (exactly-once)");
        Optional<ProcessingSetting> chosen = PollSweepBench.choose(o.points(), LIMIT_MS);
        s.headline(
                "poll and commit interval chosen from the sweep",
                chosen.map(ProcessingSetting::label).orElse("n/a") + " (shipped: " + shipped.label() + ")",
                "",
                null);
        chosen.flatMap(c -> point(o, c)).ifPresent(p -> {
            for (EndToEndBench.Result r : p.byRate()) {
                s.headline(
                        "p99 at " + r.rate() + " readings/s, chosen (ms; ÷ floor)",
                        r.p99().format(1) + " (" + r.p99().over(o.floorP99()).format(1) + "×)",
                        "< 50 ms",
                        r.p99().median() < LIMIT_MS);
            }
            s.headline(
                    "processor CPU at " + o.rates().getFirst() + " readings/s, chosen (% of a core)",
                    p.idleCpu().format(1),
                    "",
                    null);
        });
        s.text("Kafka Streams' `poll.ms` (`PROCESSOR_POLL_INTERVAL`) is how long the stream thread waits for input "
                + "before it checks whether a commit is due; under exactly-once a `read_committed` reader sees an "
                + "event only after that commit. Each setting restarts only the processor (its consumer group set "
                + "to the latest offsets first); latency is measured as in section 1, from the collector's "
                + "collected-at to a real SSE client's read, through every service as its own process. The "
                + "processor's CPU (% of one core, /proc, over the same windows) at the lowest rate is what an "
                + "almost idle processor costs. Floor: a bare produce → consume round trip, same run: p50 "
                + o.floorP50().format(2) + " ms, p99 " + o.floorP99().format(2) + " ms. The machine is shared "
                + "with other builds (load average in the run table above): absolute figures are under load, "
                + "the comparison between settings of one run is the finding.");
        List<String> header = new ArrayList<>(List.of("setting"));
        for (int rate : o.rates()) {
            header.addAll(List.of(
                    "p50 ms at " + rate + "/s",
                    "p99 ms at " + rate + "/s",
                    "p99 ÷ floor at " + rate + "/s",
                    "LIVE events/s read at " + rate + "/s"));
        }
        header.add("processor CPU % at " + o.rates().getFirst() + "/s");
        MarkdownTable t = new MarkdownTable(header.toArray(String[]::new));
        for (Point p : o.points()) {
            List<Object> row = new ArrayList<>(List.of(p.setting().label()));
            for (int rate : o.rates()) {
                Optional<EndToEndBench.Result> r = p.at(rate);
                row.add(r.map(x -> x.p50().format(1)).orElse("n/a"));
                row.add(r.map(x -> x.p99().format(1)).orElse("n/a"));
                row.add(r.map(x -> x.p99().over(o.floorP99()).format(1)).orElse("n/a"));
                row.add(r.map(x -> x.delivered().format(1)).orElse("n/a"));
            }
            row.add(p.idleCpu().format(1));
            t.row(row.toArray());
        }
        s.table(t);
        s.text(findings(o, shipped));
        return s;
    }

    static String findings(PollSweepBench.Outcome o, ProcessingSetting shipped) {
        List<String> out = new ArrayList<>();
        int low = o.rates().getFirst();
        for (int commit : new TreeSet<>(
                o.points().stream().map(p -> p.setting().commitMs()).toList())) {
            List<Point> series = o.points().stream()
                    .filter(p -> p.setting().commitMs() == commit)
                    .sorted(Comparator.comparingInt((Point p) -> p.setting().pollMs())
                            .reversed())
                    .toList();
            out.add(String.format(
                    Locale.ROOT,
                    "At commit %d ms and %d readings/s, poll %s ms gave p99 %s ms for %s %% of a core.",
                    commit,
                    low,
                    String.join(
                            " / ",
                            series.stream()
                                    .map(p -> Integer.toString(p.setting().pollMs()))
                                    .toList()),
                    String.join(
                            " / ",
                            series.stream()
                                    .map(p -> p.at(low)
                                            .map(r -> r.p99().format(1))
                                            .orElse("n/a"))
                                    .toList()),
                    String.join(
                            " / ",
                            series.stream().map(p -> p.idleCpu().format(1)).toList())));
        }
        Optional<ProcessingSetting> chosen = PollSweepBench.choose(o.points(), LIMIT_MS);
        Optional<Point> pick = chosen.flatMap(c -> point(o, c));
        if (pick.isPresent()) {
            Point p = pick.get();
            boolean met = p.worstP99() < LIMIT_MS;
            String rates =
                    String.join(" / ", o.rates().stream().map(String::valueOf).toList());
            out.add((met
                            ? "The longest poll (then commit interval) whose p99 is under 50 ms at every rate is "
                            : "No setting held p99 under 50 ms at every rate; the lowest worst p99 is ")
                    + p.setting().label() + ": p99 " + p99s(p) + " at " + rates + " readings/s"
                    + baseline(o, p)
                            .map(b -> ", against " + p99s(b) + " with "
                                    + b.setting().label() + ", for "
                                    + p.idleCpu().format(1) + " % of a core against "
                                    + b.idleCpu().format(1) + " %")
                            .orElse("")
                    + ".");
            out.add(
                    p.setting().commitMs() == shipped.commitMs() && p.setting().pollMs() == shipped.pollMs()
                            ? "The processor ships this setting."
                            : "The processor ships " + shipped.label() + ", not this run's choice.");
        }
        return "**Findings of this run.** " + String.join(" ", out);
    }

    /** The same commit interval at the sweep's longest poll: what the chosen poll is compared with. */
    private static Optional<Point> baseline(PollSweepBench.Outcome o, Point chosen) {
        return o.points().stream()
                .filter(p -> p.setting().commitMs() == chosen.setting().commitMs())
                .max(Comparator.comparingInt(p -> p.setting().pollMs()))
                .filter(p -> p.setting().pollMs() > chosen.setting().pollMs());
    }

    private static String p99s(Point p) {
        return String.join(
                        " / ", p.byRate().stream().map(r -> r.p99().format(1)).toList()) + " ms";
    }

    private static Optional<Point> point(PollSweepBench.Outcome o, ProcessingSetting setting) {
        return o.points().stream().filter(p -> p.setting().equals(setting)).findFirst();
    }
}

package dev.pulse.bench.report;

import dev.pulse.bench.ProcessingSetting;
import dev.pulse.bench.budget.BudgetBench;
import dev.pulse.bench.e2e.EndToEndBench;
import dev.pulse.bench.fanout.FanOutBench;
import dev.pulse.bench.measure.Figure;
import dev.pulse.bench.throughput.StreamThreadTime;
import dev.pulse.bench.throughput.ThroughputBench;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The findings of each section as sentences computed from that run's results: every number in them is this run's, so
 * BENCHMARKS.md stays wholly written by its run. The analysis behind them (what was changed, and why) is in the dated
 * docs/bench-findings-*.md, which quote the run they analysed.
 */
final class Findings {
    private static final double LIMIT_MS = 50;

    private Findings() {}

    static String endToEnd(EndToEndBench.Outcome o, Optional<ThroughputBench.Outcome> throughput) {
        List<String> out = new ArrayList<>();
        for (EndToEndBench.Result r : o.rates()) {
            double share = r.delivered().median() / r.offeredRate();
            out.add(String.format(
                    Locale.ROOT,
                    "At %d readings/s the p99 is %s ms (%s the 50 ms aim), the gateway's share of it %s ms; the client "
                            + "read %.0f %% of the LIVE events offered%s.",
                    r.rate(),
                    r.p99().format(1),
                    r.p99().median() < LIMIT_MS ? "within" : "over",
                    r.gatewayP99Share().format(1),
                    share * 100,
                    share < 0.9
                            ? ": the pipeline did not keep up on this machine, where the simulator, collector, "
                                    + "processor, gateway, broker and client share its cores, and readings queued"
                            : ""));
        }
        throughput.ifPresent(t -> out.add("The processor alone drains a pre-filled topic at "
                + t.ours().format(0) + " readings/s (" + t.setting().label() + ", section 3)."));
        List<EndToEndBench.Result> eos = o.sweep().stream()
                .filter(r -> r.setting().exactlyOnce() && r.setting().retryBackoffMs() == 0)
                .sorted(Comparator.comparingInt(r -> r.setting().commitMs()))
                .toList();
        if (eos.size() > 1) {
            Map<ProcessingSetting, Figure> ceiling =
                    throughput.map(ThroughputBench.Outcome::sweep).orElse(Map.of());
            out.add("Commit interval against p50 (and the processor's ceiling) at "
                    + o.sweep().getFirst().rate()
                    + " readings/s: "
                    + String.join(
                            "; ",
                            eos.stream()
                                    .map(r ->
                                            r.setting().label() + ": " + r.p50().format(1) + " ms"
                                                    + (ceiling.containsKey(r.setting())
                                                            ? " ("
                                                                    + ceiling.get(r.setting())
                                                                            .format(0) + " readings/s)"
                                                            : ""))
                                    .toList())
                    + ".");
        }
        return "**Findings of this run.** " + String.join(" ", out);
    }

    static String fanOut(FanOutBench.Outcome o) {
        List<String> out = new ArrayList<>();
        FanOutBench.Series ours = o.ours();
        out.add(within(ours));
        FanOutBench.Point last = ours.points().getLast();
        out.add(String.format(
                Locale.ROOT,
                "At %d clients an idle connection costs %s KB of RSS (aim < 20 KB) and %s KB of heap; the RSS under "
                        + "load is %.0f MB.",
                last.clients(),
                Reports.fmt(last.rssKbPerConnection()),
                Reports.fmt(last.heapKbPerConnection()),
                last.rssMb()));
        o.peer().ifPresent(peer -> out.add(within(peer)));
        return "**Findings of this run.** " + String.join(" ", out);
    }

    private static String within(FanOutBench.Series series) {
        int largest = series.largestWithinLimit();
        Optional<FanOutBench.Point> beyond =
                series.points().stream().filter(p -> p.clients() > largest).findFirst();
        String held = largest == 0
                ? series.server() + ": p99 < 50 ms at no client count measured"
                : series.server() + ": p99 < 50 ms (with every event delivered) holds up to " + largest + " clients ("
                        + series.at(largest).orElseThrow().p99().format(1) + " ms)";
        return held
                + beyond.map(p -> ", not at " + p.clients() + " (" + p.p99().format(1) + " ms, "
                                + p.eventsPerSecond().format(0) + " of "
                                + String.format(Locale.ROOT, "%.0f", p.expectedPerSecond()) + " events/s)")
                        .orElse("")
                + ".";
    }

    static String throughput(ThroughputBench.Outcome o) {
        StreamThreadTime ours = median(o.oursThread());
        StreamThreadTime pass = median(o.passThread());
        return String.format(
                Locale.ROOT,
                "**Findings of this run.** The processor reaches %s of the pass-through's rate (aim ≥ 0.5). Its stream "
                        + "thread spent %s in process, %s in commit (mean commit %s ms) and %s in poll, against %s, "
                        + "%s (%s ms) and %s for the pass-through: about %s µs of busy stream-thread time per reading "
                        + "against %s µs. What the processor does more per reading (parse, validate, window, the "
                        + "state write and a larger output event) is that difference.",
                o.ratio().format(2),
                percent(ours.processRatio()),
                percent(ours.commitRatio()),
                Reports.fmt(ours.commitLatencyMs()),
                percent(ours.pollRatio()),
                percent(pass.processRatio()),
                percent(pass.commitRatio()),
                Reports.fmt(pass.commitLatencyMs()),
                percent(pass.pollRatio()),
                Reports.fmt(ours.busyMicrosPerReading(o.ours().median())),
                Reports.fmt(pass.busyMicrosPerReading(o.passThrough().median())));
    }

    static String budgets(List<BudgetBench.Outcome> outcomes) {
        List<String> out = new ArrayList<>();
        for (BudgetBench.Outcome o : outcomes) {
            boolean rssMet = o.usage().stream().allMatch(u -> u.rssMb().median() < 100);
            boolean cpuMet = o.usage().stream().allMatch(u -> u.cpuPercent().median() < 10);
            out.add(String.format(
                    Locale.ROOT,
                    "With %s the RSS is %s MB (%s; budget 100 MB: %s), the CPU %s %% of a core (budget 10 %%: %s), "
                            + "recovery %s s (aim < 2 s: %s).",
                    o.variant(),
                    String.join(
                            " / ",
                            o.usage().stream().map(u -> u.rssMb().format(0)).toList()),
                    String.join(
                            " / ",
                            o.usage().stream().map(BudgetBench.Usage::service).toList()),
                    rssMet ? "met" : "missed",
                    String.join(
                            " / ",
                            o.usage().stream()
                                    .map(u -> u.cpuPercent().format(1))
                                    .toList()),
                    cpuMet ? "met" : "missed",
                    o.recoverySeconds().format(2),
                    o.recoverySeconds().isMissing()
                            ? "n/a"
                            : o.recoverySeconds().median() < 2 ? "met" : "missed"));
        }
        return "**Findings of this run.** " + String.join(" ", out);
    }

    private static StreamThreadTime median(List<StreamThreadTime> times) {
        return new StreamThreadTime(
                Reports.median(times, StreamThreadTime::processRatio),
                Reports.median(times, StreamThreadTime::commitRatio),
                Reports.median(times, StreamThreadTime::pollRatio),
                Reports.median(times, StreamThreadTime::punctuateRatio),
                Reports.median(times, StreamThreadTime::commitLatencyMs));
    }

    static String percent(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", ratio * 100);
    }
}

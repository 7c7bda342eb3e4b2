package dev.pulse.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.bench.ProcessingSetting;
import dev.pulse.bench.budget.BudgetBench;
import dev.pulse.bench.e2e.EndToEndBench;
import dev.pulse.bench.fanout.FanOutBench;
import dev.pulse.bench.measure.Figure;
import dev.pulse.bench.throughput.StreamThreadTime;
import dev.pulse.bench.throughput.ThroughputBench;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The findings quote the run's own results, nothing else. */
class FindingsTest {
    private static final ProcessingSetting EOS_20 = ProcessingSetting.eos(20);

    @Test
    void shouldSayAtWhichRateTheEndToEndP99MissesTheAimAndThatTheClientFellBehind() {
        EndToEndBench.Outcome e2e = new EndToEndBench.Outcome(
                f(2),
                f(6),
                List.of(result(EOS_20, 100, 100, 21.7, 86.9)),
                List.of(result(EOS_20, 100, 99, 21.7, 40.5), result(EOS_20, 1000, 246, 27_580, 29_777.9)),
                EOS_20);

        String findings = Findings.endToEnd(e2e, Optional.of(throughput()));

        assertThat(findings)
                .contains("At 100 readings/s the p99 is 40.5 ms (within the 50 ms aim)")
                .contains("At 1000 readings/s the p99 is 29777.9 ms (over the 50 ms aim)")
                .contains("read 25 % of the LIVE events offered: the pipeline did not keep up")
                .contains("drains a pre-filled topic at 2793 readings/s");
    }

    @Test
    void shouldSayUpToWhichClientCountTheFanOutHoldsItsAim() {
        FanOutBench.Series ours = new FanOutBench.Series(
                "pulse gateway", List.of(point(1000, 37.4, 9000), point(10_000, 492.3, 90_000)), "");

        String findings = Findings.fanOut(new FanOutBench.Outcome(ours, Optional.empty(), "not installed", 9));

        assertThat(findings)
                .contains("holds up to 1000 clients (37.4 ms), not at 10000 (492.3 ms, 90000 of 90000 events/s)")
                .contains("At 10000 clients an idle connection costs 16.6 KB of RSS");
    }

    @Test
    void shouldQuoteTheStreamThreadSplitOfBothApps() {
        assertThat(Findings.throughput(throughput()))
                .contains("reaches 0.07 of the pass-through's rate")
                .contains("58 % in process, 38 % in commit (mean commit 13.0 ms)")
                .contains("about 343.7 µs of busy stream-thread time per reading against 19.8 µs");
    }

    @Test
    void shouldSayWhichBudgetsEachVariantMet() {
        BudgetBench.Outcome deployed = new BudgetBench.Outcome(
                "deployed flags",
                List.of(
                        new BudgetBench.Usage("processor", f(131), f(5.0)),
                        new BudgetBench.Usage("gateway", f(98), f(2.1))),
                f(1.98),
                List.of(),
                Map.of());

        assertThat(Findings.budgets(List.of(deployed)))
                .contains("With deployed flags the RSS is 131 / 98 MB (processor / gateway; budget 100 MB: missed)")
                .contains("the CPU 5.0 / 2.1 % of a core (budget 10 %: met), recovery 1.98 s (aim < 2 s: met)");
    }

    private static ThroughputBench.Outcome throughput() {
        StreamThreadTime ours = new StreamThreadTime(0.58, 0.38, 0.04, 0.0, 13);
        StreamThreadTime pass = new StreamThreadTime(0.32, 0.49, 0.19, 0.0, 25);
        return new ThroughputBench.Outcome(
                200_000, EOS_20, f(2793), f(41_000), f(0.07), 323, List.of(ours), List.of(pass), 0, Map.of());
    }

    private static EndToEndBench.Result result(
            ProcessingSetting setting, int rate, double delivered, double p50, double p99) {
        return new EndToEndBench.Result(
                setting, rate, rate, f(p50), f(p99), f(p99), f(p99), f(delivered), f(p99), f(1.4), f(19));
    }

    private static FanOutBench.Point point(int clients, double p99, double events) {
        return new FanOutBench.Point(
                clients, clients, 0, f(events), events, f(p99 / 2), f(p99), f(50), 16.6, 9.1, 392, clients + 88);
    }

    private static Figure f(double value) {
        return Figure.single(value);
    }
}

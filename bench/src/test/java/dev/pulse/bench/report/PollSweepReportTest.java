package dev.pulse.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.bench.ProcessingSetting;
import dev.pulse.bench.e2e.EndToEndBench;
import dev.pulse.bench.e2e.PollSweepBench;
import dev.pulse.bench.measure.Figure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The poll sweep's choice and findings come from the sweep's own results. */
class PollSweepReportTest {
    private static final ProcessingSetting POLL_100 = ProcessingSetting.eos(20).withPoll(100);
    private static final ProcessingSetting POLL_5 = ProcessingSetting.eos(20).withPoll(5);
    private static final ProcessingSetting POLL_1 = ProcessingSetting.eos(20).withPoll(1);
    private static final ProcessingSetting COMMIT_50_POLL_5 =
            ProcessingSetting.eos(50).withPoll(5);

    @Test
    void shouldChooseTheLongestPollThatHoldsTheAimAtEveryRate() {
        List<PollSweepBench.Point> points = List.of(
                point(POLL_100, 140, 90, 2.6),
                point(POLL_5, 38, 41, 3.1),
                point(POLL_1, 30, 35, 4.0),
                point(COMMIT_50_POLL_5, 70, 48, 2.9));

        assertThat(PollSweepBench.choose(points, 50)).contains(POLL_5);
    }

    @Test
    void shouldFallBackToTheLowestWorstP99WhenNoSettingHoldsTheAim() {
        List<PollSweepBench.Point> points = List.of(point(POLL_100, 140, 90, 2.6), point(POLL_1, 60, 55, 4.0));

        assertThat(PollSweepBench.choose(points, 50)).contains(POLL_1);
    }

    @Test
    void shouldQuoteTheLatencyGainedAgainstTheIdleCpuPaid() {
        PollSweepBench.Outcome outcome = new PollSweepBench.Outcome(
                f(2),
                f(5),
                List.of(1, 100),
                List.of(point(POLL_100, 140, 90, 2.6), point(POLL_5, 38, 41, 3.1), point(POLL_1, 30, 35, 4.0)));

        String findings = PollSweepReport.findings(outcome, POLL_100);

        assertThat(findings)
                .contains("At commit 20 ms and 1 readings/s, poll 100 / 5 / 1 ms gave p99 140.0 / 38.0 / 30.0 ms "
                        + "for 2.6 / 3.1 / 4.0 % of a core.")
                .contains("is EOS, commit 20 ms, poll 5 ms: p99 38.0 / 41.0 ms at 1 / 100 readings/s, against "
                        + "140.0 / 90.0 ms with EOS, commit 20 ms, poll 100 ms, for 3.1 % of a core against 2.6 %")
                .contains("The processor ships EOS, commit 20 ms, poll 100 ms, not this run's choice.");
        assertThat(PollSweepReport.section(outcome, POLL_5).markdown())
                .contains("| EOS, commit 20 ms, poll 5 ms | 38.0 | 38.0 | 7.6 |")
                .contains("The processor ships this setting.");
    }

    private static PollSweepBench.Point point(
            ProcessingSetting setting, double p99AtOne, double p99AtHundred, double cpu) {
        return new PollSweepBench.Point(
                setting, List.of(result(setting, 1, p99AtOne, cpu), result(setting, 100, p99AtHundred, cpu)));
    }

    private static EndToEndBench.Result result(ProcessingSetting setting, int rate, double p99, double cpu) {
        return new EndToEndBench.Result(
                setting, rate, rate, f(p99), f(p99), f(p99), f(p99), f(rate), f(p99), f(1), f(cpu));
    }

    private static Figure f(double value) {
        return Figure.single(value);
    }
}

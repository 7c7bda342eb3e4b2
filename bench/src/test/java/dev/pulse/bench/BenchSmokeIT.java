package dev.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.bench.budget.BudgetBench;
import dev.pulse.bench.e2e.EndToEndBench;
import dev.pulse.bench.e2e.PollSweepBench;
import dev.pulse.bench.fanout.FanOutBench;
import dev.pulse.bench.fanout.KafkaSsePeer;
import dev.pulse.bench.jmh.JmhRunner;
import dev.pulse.bench.report.BenchmarksFile;
import dev.pulse.bench.report.PollSweepReport;
import dev.pulse.bench.report.Reports;
import dev.pulse.bench.report.RunInfo;
import dev.pulse.bench.throughput.ThroughputBench;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every harness of bin/bench at tiny sizes (the {@code smoke} profile), so none of them rots. These check that each
 * produced sane figures, not how good they are: benchmarks do not decide pass/fail. The kafka-sse peer runs only when
 * bin/bench has installed it; otherwise the fan-out says why not.
 */
class BenchSmokeIT {
    private static final Path HOME =
            Path.of(System.getProperty("pulse.home", "..")).toAbsolutePath().normalize();
    private final BenchOptions options = BenchOptions.profile("smoke", HOME, BenchOptions.allParts(), true);

    @Test
    void shouldMeasureEndToEndLatencyAgainstTheFloorWhenTheWholePipelineRuns() throws Exception {
        EndToEndBench.Outcome outcome = new EndToEndBench(options).run();

        assertThat(outcome.floorP99().median()).isPositive().isLessThan(10_000);
        assertThat(outcome.rates()).isNotEmpty();
        EndToEndBench.Result result = outcome.rates().getFirst();
        assertThat(result.p50().median())
                .as("LIVE events read by the SSE client")
                .isPositive();
        assertThat(result.p99().median()).isGreaterThanOrEqualTo(result.p50().median());
        assertThat(Reports.endToEnd(outcome, Optional.empty(), "x").headlines()).isNotEmpty();
    }

    @Test
    void shouldMeasureLatencyAndProcessorCpuForEachPollSettingWhenThePollSweepRuns() throws Exception {
        PollSweepBench.Outcome outcome = new PollSweepBench(options).run();

        assertThat(outcome.points()).hasSameSizeAs(options.pollSweep()).allSatisfy(p -> {
            assertThat(p.byRate()).hasSameSizeAs(options.pollRates());
            assertThat(p.byRate().getFirst().p50().median())
                    .as("LIVE events read by the SSE client")
                    .isPositive();
            assertThat(p.idleCpu().median()).isPositive();
        });
        assertThat(PollSweepReport.section(outcome, options.pollSweep().getFirst())
                        .markdown())
                .contains("Findings of this run", "The processor ships this setting.");
    }

    @Test
    void shouldDeliverEventsToEveryClientWhenTheGatewayFansOut() throws Exception {
        FanOutBench.Outcome outcome = new FanOutBench(options).run();

        FanOutBench.Point ours = outcome.ours().points().getFirst();
        assertThat(ours.open()).isEqualTo(ours.clients());
        assertThat(ours.eventsPerSecond().median()).isPositive();
        assertThat(ours.p99().median()).isPositive();
        assertThat(ours.rssMb()).isPositive();
        if (KafkaSsePeer.unavailableReason().isPresent()) {
            assertThat(outcome.peer()).isEmpty();
            assertThat(outcome.peerSkippedBecause()).isNotBlank();
            System.out.println("kafka-sse peer skipped in the smoke run: " + outcome.peerSkippedBecause());
        } else {
            assertThat(outcome.peer()).isPresent();
            assertThat(outcome.peer().get().points()).isNotEmpty();
        }
    }

    @Test
    void shouldCompareTheProcessorWithAPassThroughWhenBothDrainThePrefilledTopic() throws Exception {
        ThroughputBench.Outcome outcome = new ThroughputBench(options).run(ProcessingSetting.eos(20));

        assertThat(outcome.ours().median()).isPositive();
        assertThat(outcome.passThrough().median()).isPositive();
        assertThat(outcome.ratio().median()).isPositive();
        assertThat(outcome.oursThread())
                .as("the processor's stream-thread time, from its /metrics")
                .allSatisfy(t -> assertThat(t.processRatio()).isBetween(0.0, 1.0));
        assertThat(outcome.passThread())
                .as("the pass-through's stream-thread time, from its /metrics")
                .allSatisfy(t -> assertThat(t.processRatio()).isBetween(0.0, 1.0));
        assertThat(Reports.throughput(outcome, List.of()).markdown()).contains("Findings of this run");
    }

    @Test
    void shouldTimeEachHotPathWithItsAllocationWhenJmhRuns() throws Exception {
        List<JmhRunner.HotPath> paths = JmhRunner.run(options);

        assertThat(paths)
                .extracting(JmhRunner.HotPath::name)
                .containsExactlyInAnyOrder("parseAndValidate", "streamEventSerde", "windowStatistics");
        assertThat(paths).allSatisfy(p -> {
            assertThat(p.nanosPerOp().median()).isPositive();
            assertThat(p.bytesPerOp()).isPositive();
        });
    }

    @Test
    void shouldReportMemoryCpuAndRecoveryWhenTheStackRunsAtTheNominalLoad() throws Exception {
        BudgetBench.Outcome outcome = new BudgetBench(options).run(BudgetBench.Flags.DEPLOYED);

        assertThat(outcome.usage()).hasSize(3).allSatisfy(u -> {
            assertThat(u.rssMb().median()).isPositive();
            assertThat(u.cpuPercent().median()).isNotNegative();
        });
        assertThat(outcome.recoverySeconds().median()).isPositive().isLessThan(60);
        String markdown = BenchmarksFile.markdown(
                RunInfo.capture(HOME, "BenchSmokeIT"),
                "smoke",
                List.of(Reports.budgets(List.of(outcome))),
                Duration.ofSeconds(1));
        assertThat(markdown).contains("# Benchmarks", "git revision", "recovery after an engine outage");
    }
}

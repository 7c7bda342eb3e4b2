package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.process.Service;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5: two processor instances share the raw topic's partitions (standby replicas on); one is killed with
 * SIGKILL under load. The other must take its partitions over, measured as the longest silence of any dashboard
 * partition after the kill, with no sequence number lost or repeated.
 */
class ProcessorScaleOutIT {
    private static final String ASSIGNED = "kafka_consumer_coordinator_assigned_partitions";

    @Test
    void shouldTakeOverTheKilledInstancesPartitionsWithoutGapOrDuplicate() {
        Map<String, String> settings = new HashMap<>(ProcessorKillIT.FAST_FAILOVER);
        settings.put("PROCESSOR_STANDBY_REPLICAS", "1");
        List<String> engines = Partitions.covering("engine", 3);
        try (FaultStack stack = FaultStack.start("processor-scale-out");
                DashboardLog dashboards = new DashboardLog(stack.bootstrapServers());
                RawLoad load = new RawLoad(stack.bootstrapServers(), engines, Duration.ofMillis(100))) {
            ServiceNode first = stack.node("processor-1", Service.PROCESSOR, settings);
            ServiceNode second = stack.node("processor-2", Service.PROCESSOR, settings);
            FaultStack.startAll(first, second);
            load.start();
            await("both instances own partitions")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> Http.metric(first, ASSIGNED) > 0
                            && Http.metric(second, ASSIGNED) > 0
                            && Http.get(first.uri("/ready")).status() == 200
                            && Http.get(second.uri("/ready")).status() == 200);
            double firstOwned = Http.metric(first, ASSIGNED);
            double secondOwned = Http.metric(second, ASSIGNED);
            // Let the standbys replicate some state before the kill: 800 results (about 3 s of the load) after
            // both instances own partitions.
            ProcessorKillIT.awaitLiveCountAfter(dashboards, System.currentTimeMillis(), 800);

            long killedAt = System.currentTimeMillis();
            first.kill();
            await("the survivor owns every partition and processes")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> everyPartitionLiveAfter(dashboards, killedAt));
            long takeoverMs = Gaps.max(dashboards.events().stream()
                    .filter(DashboardLog.Event::live)
                    .collect(Collectors.groupingBy(
                            e -> e.topic() + "-" + e.partition(),
                            Collectors.mapping(DashboardLog.Event::receivedAtMs, Collectors.toList())))
                    .values()
                    .stream()
                    .map(arrivals -> Gaps.longestAfter(arrivals, killedAt))
                    .toList());
            // Keep the survivor under load a little longer (500 more results, about 2 s), then drain.
            ProcessorKillIT.awaitLiveCountAfter(dashboards, System.currentTimeMillis(), 500);
            load.stop();
            Map<String, Long> written = load.written();
            await("every reading LIVE")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> SequenceCheck.exactly(dashboards.liveSequences(e -> true), written)
                                    .missingCount()
                            == 0);
            SequenceCheck check = SequenceCheck.exactly(dashboards.liveSequences(e -> true), written);

            Figures.of("processor-scale-out")
                    .put("instances", 2)
                    .put("standbyReplicas", 1)
                    .put("assignedBefore", (int) firstOwned + "+" + (int) secondOwned)
                    .put("readings", load.total())
                    .put("takeoverMs", takeoverMs)
                    .put("missing", check.missingCount())
                    .put("duplicates", check.duplicateCount())
                    .put("survivorAlive", second.isAlive())
                    .report();

            assertThat(firstOwned).as("the first instance's partitions").isPositive();
            assertThat(secondOwned).as("the second instance's partitions").isPositive();
            assertThat(check.exact())
                    .as("every sequence number once: %s", check)
                    .isTrue();
            assertThat(second.isAlive()).isTrue();
            assertThat(takeoverMs)
                    .as("takeover time (session timeout 6 s + rebalance)")
                    .isLessThan(60_000);
        }
    }

    /** True when every dashboard partition got a LIVE event read after the kill. */
    private static boolean everyPartitionLiveAfter(DashboardLog dashboards, long since) {
        long partitions = dashboards.events().stream()
                .filter(e -> e.live() && e.receivedAtMs() > since)
                .map(e -> e.topic() + "-" + e.partition())
                .distinct()
                .count();
        return partitions == 3L * FaultStack.PARTITIONS;
    }
}

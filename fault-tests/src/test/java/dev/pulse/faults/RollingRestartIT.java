package dev.pulse.faults;

import static org.awaitility.Awaitility.await;

import dev.pulse.faults.CollectedReadings.Delivery;
import dev.pulse.testing.ClusterTests;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * On a three-broker cluster (replication 3, min.insync.replicas 2): every broker restarted in turn, a clean stop and a
 * start, the next one only once the restarted one is back in the in-sync replicas of every partition, as an operator
 * upgrades a cluster. Readings stream all along; every collected one must come out on the dashboards once, and an SSE
 * client must see each once. Opt-in ({@code PULSE_CLUSTER_TESTS=1}): {@link LeaderKillIT} is the test command's short
 * cluster profile.
 */
@Isolated("three brokers as processes keep both cores busy")
class RollingRestartIT {
    private static final Duration IN_SYNC_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void shouldLoseAndDuplicateNothingWhenEveryBrokerIsRestartedInTurn() throws IOException {
        ClusterTests.assumeEnabled();
        try (FaultStack stack = FaultStack.startReplicated("rolling-restart", 3)) {
            ClusterPipeline pipeline = ClusterPipeline.start(stack, "engine-rolling");
            try (SseClient client = pipeline.streamingClient()) {
                // when each broker in turn is stopped cleanly, started and waited for until it is in sync again
                List<Long> restartMs = new ArrayList<>();
                for (int node = 1; node <= stack.cluster().size(); node++) {
                    long began = System.nanoTime();
                    stack.cluster().stop(node);
                    stack.cluster().restart(node);
                    stack.cluster().awaitInSync(node, IN_SYNC_TIMEOUT);
                    restartMs.add((System.nanoTime() - began) / 1_000_000);
                }
                long restartedAt = System.currentTimeMillis();

                // then the client still gets LIVE events, and once the collector stops, every reading it collected
                // is on the dashboards and at the client exactly once
                await("SSE client gets LIVE events after the rolling restart")
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> client.events().stream().anyMatch(e -> e.live() && e.atMs() > restartedAt));
                pipeline.collector().stop();
                Delivery delivery = CollectedReadings.awaitDelivered(stack, client);

                delivery.addTo(Figures.of("rolling-restart")
                                .put("brokers", stack.cluster().size())
                                .put("restartMs", restartMs)
                                .put(
                                        "longestRestartMs",
                                        restartMs.stream()
                                                .mapToLong(Long::longValue)
                                                .max()
                                                .orElse(0))
                                .put("sseLongestLiveGapMs", CollectedReadings.longestLiveGapMs(client)))
                        .report();

                delivery.assertExact();
            }
        }
    }
}

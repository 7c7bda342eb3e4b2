package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.faults.CollectedReadings.Delivery;
import dev.pulse.faults.SseClient.Received;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * On a three-broker cluster (each broker its own process; replication 3, min.insync.replicas 2): SIGKILL of the broker
 * that leads the raw topic's partition of the watched engine while readings stream. Every collected reading must come
 * out on the dashboards once, and an SSE client must see each once. The short cluster profile of the README's test
 * command (about 30 s); the other cluster scenarios are opt-in ({@code PULSE_CLUSTER_TESTS=1}), as three broker JVMs
 * and four services on two cores take about a minute per scenario.
 */
@Isolated("three brokers as processes keep both cores busy")
class LeaderKillIT {
    @Test
    void shouldLoseAndDuplicateNothingWhenTheRawTopicsLeaderIsKilled() throws IOException {
        try (FaultStack stack = FaultStack.startReplicated("leader-kill", 3)) {
            ClusterPipeline pipeline = ClusterPipeline.start(stack, "engine-leader");
            try (SseClient client = pipeline.streamingClient()) {
                // when the leader of the engine's raw partition is killed mid-stream
                String raw = PipelineTopics.PUBLIC.raw().name();
                int partition = pipeline.rawPartition();
                int leader = stack.cluster().leaderOf(raw, partition);
                long killedAt = System.currentTimeMillis();
                stack.cluster().kill(leader);

                // then the client gets LIVE events again, and once the collector stops, every reading it
                // collected is on the dashboards and at the client exactly once
                await("SSE client gets LIVE events again")
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> client.events().stream().anyMatch(e -> e.live() && e.atMs() > killedAt + 1000));
                long resumedMs = client.events().stream()
                                .filter(e -> e.live() && e.atMs() > killedAt)
                                .mapToLong(Received::atMs)
                                .min()
                                .orElseThrow()
                        - killedAt;
                int newLeader = stack.cluster().leaderOf(raw, partition);
                pipeline.collector().stop();

                Delivery delivery = CollectedReadings.awaitDelivered(stack, client);

                delivery.addTo(Figures.of("leader-kill")
                                .put("brokers", stack.cluster().size())
                                .put("killedLeader", leader)
                                .put("newLeader", newLeader)
                                .put("sseLiveAgainAfterKillMs", resumedMs))
                        .report();

                assertThat(newLeader).isNotEqualTo(leader).isPositive();
                delivery.assertExact();
            }
        }
    }
}

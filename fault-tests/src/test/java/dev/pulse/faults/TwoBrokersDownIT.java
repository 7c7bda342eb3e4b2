package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.faults.CollectedReadings.Delivery;
import dev.pulse.testing.ClusterTests;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * On a three-broker cluster (replication 3, min.insync.replicas 2): SIGKILL of two brokers while readings stream. One
 * in-sync replica is below min.insync.replicas (and one controller below the quorum), so Kafka must acknowledge
 * nothing: the collector buffers and says so in its metrics, the gateway keeps serving what it has and tells its
 * clients why no new data comes (a {@code kafka} notice saying {@code writes_refused}). Once both brokers are back,
 * every reading collected during the outage must come out on the dashboards and at an SSE client exactly once. Opt-in
 * ({@code PULSE_CLUSTER_TESTS=1}): {@link LeaderKillIT} is the test command's short cluster profile.
 */
@Isolated("three brokers as processes keep both cores busy")
class TwoBrokersDownIT {
    private static final String ENGINE = "engine-two-down";
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);

    @Test
    void shouldBufferWhileTwoBrokersAreDownAndDeliverEverythingOnceAfter() throws IOException, InterruptedException {
        ClusterTests.assumeEnabled();
        Duration outage = Duration.ofSeconds(Profile.pick(15, 60));
        try (FaultStack stack = FaultStack.startReplicated("two-brokers-down", 3)) {
            ClusterPipeline pipeline = ClusterPipeline.start(stack, ENGINE);
            ServiceNode collector = pipeline.collector();
            try (SseClient client = pipeline.streamingClient()) {
                // when the leader of the engine's raw partition and one more broker are killed
                String raw = PipelineTopics.PUBLIC.raw().name();
                int leader = stack.cluster().leaderOf(raw, pipeline.rawPartition());
                int other = leader % stack.cluster().size() + 1;
                long killedAt = System.currentTimeMillis();
                stack.cluster().kill(leader);
                stack.cluster().kill(other);

                // then, for the outage, the collector buffers and the gateway still answers from what it holds
                Outage seen = Outage.watch(collector, pipeline.gateway(), killedAt + outage.toMillis());
                long refusedNoticeMs = client.notices("kafka").stream()
                        .filter(n -> n.state().equals("writes_refused") && n.atMs() >= killedAt)
                        .mapToLong(n -> n.atMs() - killedAt)
                        .min()
                        .orElse(-1);
                long restartedAt = System.currentTimeMillis();
                stack.cluster().restart(leader, other);
                long outageMs = System.currentTimeMillis() - killedAt;
                await("collector's buffer drained")
                        .atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> Http.metric(collector, "pulse_collector_buffered_readings") == 0
                                && Http.metric(collector, "pulse_collector_kafka_up") == 1);
                long drainedMs = System.currentTimeMillis() - restartedAt;
                await("the client told Kafka is ok again")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> client.notices("kafka").stream()
                                .anyMatch(n -> n.state().equals("ok") && n.atMs() >= restartedAt));
                double dropped = Http.metric(collector, "pulse_collector_buffer_dropped_total");
                collector.stop();

                Delivery delivery = CollectedReadings.awaitDelivered(stack, client);
                long caughtUpMs = System.currentTimeMillis() - restartedAt;

                delivery.addTo(Figures.of("two-brokers-down")
                                .put("brokers", stack.cluster().size())
                                .put("killed", leader + "," + other)
                                .put("outageMs", outageMs)
                                .put("bufferedMax", seen.bufferedMax())
                                .put("kafkaDownAfterMs", seen.downAtMs() < 0 ? -1 : seen.downAtMs() - killedAt)
                                .put("gatewayAnswersFailed", seen.gatewayFailures())
                                .put("kafkaWritesRefusedNoticeAfterKillMs", refusedNoticeMs)
                                .put("bufferDrainedAfterRestartMs", drainedMs)
                                .put("sseCaughtUpAfterRestartMs", caughtUpMs)
                                .put("sseLongestLiveGapMs", CollectedReadings.longestLiveGapMs(client))
                                .put("sseReconnects", client.connections() - 1)
                                .put("bufferDropped", dropped))
                        .report();

                assertThat(seen.downAtMs()).as("collector reported Kafka down").isPositive();
                assertThat(seen.bufferedMax())
                        .as("readings buffered during the outage")
                        .isGreaterThan(0);
                assertThat(seen.gatewayFailures())
                        .as("gateway snapshot answers other than 200 during the outage")
                        .isZero();
                assertThat(refusedNoticeMs)
                        .as(
                                "ms from the kills to the client's kafka notice saying writes_refused (-1: none"
                                        + " during the outage; notices: %s)",
                                client.notices())
                        .isBetween(0L, outage.toMillis());
                assertThat(dropped).as("readings dropped from the buffer").isZero();
                delivery.assertExact();
            }
        }
    }

    /**
     * What the outage looked like from outside, sampled until it ends: the collector's buffer at its fullest, when the
     * collector first said Kafka was down (-1: never), and how many gateway snapshot requests did not answer 200.
     */
    private record Outage(double bufferedMax, long downAtMs, int gatewayFailures) {
        static Outage watch(ServiceNode collector, ServiceNode gateway, long untilMs) throws InterruptedException {
            double bufferedMax = 0;
            long downAtMs = -1;
            int gatewayFailures = 0;
            while (System.currentTimeMillis() < untilMs) {
                bufferedMax = Math.max(bufferedMax, Http.metric(collector, "pulse_collector_buffered_readings"));
                if (downAtMs < 0 && Http.metric(collector, "pulse_collector_kafka_up") == 0) {
                    downAtMs = System.currentTimeMillis();
                }
                if (Http.get(gateway.uri("/api/v1/snapshot?engine=" + ENGINE)).status() != 200) {
                    gatewayFailures++;
                }
                Thread.sleep(SAMPLE_EVERY.toMillis());
            }
            return new Outage(bufferedMax, downAtMs, gatewayFailures);
        }
    }
}

package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.faults.SseClient.Received;
import dev.pulse.process.Service;
import dev.pulse.testing.Hold;
import dev.pulse.testing.KafkaTestClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3: the broker stopped and started again (same port, same data) while everything runs. Two collectors: one
 * with the default buffer, which must lose no reading collected before or during the outage, and one with a buffer too
 * small for the outage, whose losses must all be counted (its dropped-readings metric equals the gaps in its sequence
 * numbers). Every collected data reading must come out on the dashboards once, and an SSE client must resume by itself
 * without gap or repeat; during the outage it must be told why data stopped (a {@code kafka} notice saying
 * {@code unreachable}), and told again once Kafka is back ({@code ok}).
 */
class BrokerRestartIT {
    private static final String ROOMY = "engine-roomy";
    private static final String TIGHT = "engine-tight";
    private static final int TIGHT_BUFFER = 20;

    @Test
    void shouldLoseNothingWithinTheBufferBoundCountWhatExceedsItAndResumeSseClients() throws IOException {
        Duration outage = Duration.ofSeconds(Profile.pick(12, 60));
        try (FaultStack stack = FaultStack.start("broker-restart")) {
            ServiceNode simulator = stack.node("simulator", Service.SIMULATOR, Map.of());
            ServiceNode processor = stack.node("processor", Service.PROCESSOR, Map.of());
            ServiceNode gateway = stack.node("gateway", Service.GATEWAY, Map.of());
            FaultStack.startAll(simulator, processor, gateway);
            String sim = "http://127.0.0.1:" + simulator.port() + "/engines/";
            ServiceNode roomy =
                    stack.node("collector-roomy", Service.COLLECTOR, Map.of("ENGINE_URLS", ROOMY + "=" + sim + ROOMY));
            ServiceNode tight = stack.node(
                    "collector-tight",
                    Service.COLLECTOR,
                    Map.of(
                            "ENGINE_URLS",
                            TIGHT + "=" + sim + TIGHT,
                            "COLLECTOR_BUFFER_CAPACITY",
                            Integer.toString(TIGHT_BUFFER)));
            FaultStack.startAll(roomy, tight);
            List<ServiceNode> all = List.of(simulator, processor, gateway, roomy, tight);
            Map<String, Long> pids = EngineDownIT.pids(all);

            try (SseClient client = new SseClient(List.of(gateway.uri("/")), "/events?engine=" + ROOMY)) {
                await("LIVE events streaming")
                        .atMost(Duration.ofMinutes(2))
                        .until(() ->
                                client.events().stream().filter(Received::live).count() >= 6);

                long stoppedAt = System.currentTimeMillis();
                stack.broker().stop();
                long stopTookMs = System.currentTimeMillis() - stoppedAt;
                Hold.holdFor(outage, Instant.ofEpochMilli(stoppedAt));
                long unreachableNoticeMs = client.notices("kafka").stream()
                        .filter(n -> n.state().equals("unreachable") && n.atMs() >= stoppedAt)
                        .mapToLong(n -> n.atMs() - stoppedAt)
                        .min()
                        .orElse(-1);
                double bufferedAtEnd = Http.metric(roomy, "pulse_collector_buffered_readings");
                long restartedAt = System.currentTimeMillis();
                stack.broker().start();
                long startTookMs = System.currentTimeMillis() - restartedAt;
                await("SSE client gets LIVE events again")
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> client.events().stream()
                                .anyMatch(e -> e.live() && e.atMs() > restartedAt + startTookMs));
                long sseResumedMs = client.events().stream()
                                .filter(e -> e.live() && e.atMs() > restartedAt + startTookMs)
                                .mapToLong(Received::atMs)
                                .min()
                                .orElseThrow()
                        - (restartedAt + startTookMs);
                await("collectors' buffers drained")
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> Http.metric(roomy, "pulse_collector_buffered_readings") == 0
                                && Http.metric(tight, "pulse_collector_buffered_readings") == 0);
                await("the client told Kafka is ok again")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> client.notices("kafka").stream()
                                .anyMatch(n -> n.state().equals("ok") && n.atMs() >= restartedAt));
                long okNoticeMs = client.notices("kafka").stream()
                        .filter(n -> n.state().equals("ok") && n.atMs() >= restartedAt)
                        .mapToLong(n -> n.atMs() - restartedAt)
                        .min()
                        .orElseThrow();
                double roomyDropped = Http.metric(roomy, "pulse_collector_buffer_dropped_total");
                double tightDropped = Http.metric(tight, "pulse_collector_buffer_dropped_total");
                boolean noRestart = all.stream().allMatch(n -> n.isAlive() && n.pid() == pids.get(n.name()));
                roomy.stop();
                tight.stop();

                Map<String, List<Long>> raw = rawSequences(stack);
                long roomyGaps = gaps(raw, ROOMY);
                long tightGaps = gaps(raw, TIGHT);
                Map<String, Long> collected = new TreeMap<>();
                raw.forEach((key, sequences) -> {
                    if (!key.endsWith("/status")) {
                        collected.put(
                                key.replace("/system", "/analytics"),
                                sequences.stream()
                                        .mapToLong(Long::longValue)
                                        .max()
                                        .orElse(0));
                    }
                });
                try (DashboardLog dashboards = new DashboardLog(stack.bootstrapServers())) {
                    await("every collected reading on the dashboards")
                            .atMost(Duration.ofMinutes(2))
                            .pollInterval(Duration.ofMillis(500))
                            .until(() -> liveMatchesRaw(dashboards, raw).missingCount() == 0);
                    SequenceCheck dashboardCheck = liveMatchesRaw(dashboards, raw);
                    await("the client has every reading of its engine")
                            .atMost(Duration.ofMinutes(1))
                            .pollInterval(Duration.ofMillis(500))
                            .until(() -> SequenceCheck.ofClient(client, roomyOnly(collected))
                                            .missingCount()
                                    == 0);
                    SequenceCheck sseCheck = SequenceCheck.ofClient(client, roomyOnly(collected));

                    Figures.of("broker-restart")
                            .put("outageS", outage.toSeconds())
                            .put("brokerStopMs", stopTookMs)
                            .put("brokerStartMs", startTookMs)
                            .put("roomyBufferedAtOutageEnd", (long) bufferedAtEnd)
                            .put("roomyGaps", roomyGaps)
                            .put("roomyDropped", (long) roomyDropped)
                            .put("tightBuffer", TIGHT_BUFFER)
                            .put("tightGaps", tightGaps)
                            .put("tightDropped", (long) tightDropped)
                            .put("dashboardMissing", dashboardCheck.missingCount())
                            .put("dashboardDuplicates", dashboardCheck.duplicateCount())
                            .put("sseResumedAfterBrokerUpMs", sseResumedMs)
                            .put("kafkaUnreachableNoticeAfterStopMs", unreachableNoticeMs)
                            .put("kafkaOkNoticeAfterRestartMs", okNoticeMs)
                            .put("sseReconnects", client.connections() - 1)
                            .put("sseGaps", sseCheck.missingCount())
                            .put("sseDuplicates", sseCheck.duplicateCount())
                            .put("serviceRestarts", noRestart ? 0 : "some")
                            .report();

                    assertThat(roomyGaps)
                            .as("readings lost by the collector with room in its buffer")
                            .isZero();
                    assertThat(roomyDropped).isZero();
                    assertThat(tightDropped).as("the small buffer overflowed").isPositive();
                    assertThat((double) tightGaps)
                            .as("every reading lost is counted")
                            .isEqualTo(tightDropped);
                    assertThat(dashboardCheck.exact())
                            .as("dashboards vs raw: %s", dashboardCheck)
                            .isTrue();
                    assertThat(sseCheck.exact()).as("SSE client: %s", sseCheck).isTrue();
                    assertThat(noRestart).as("no service restarted").isTrue();
                    assertThat(unreachableNoticeMs)
                            .as(
                                    "ms from the broker's stop to the client's kafka notice saying unreachable (-1:"
                                            + " none during the %d s outage; notices: %s)",
                                    outage.toSeconds(), client.notices())
                            .isBetween(0L, outage.toMillis());
                }
            }
        }
    }

    /** Sequence numbers on the raw topic per "engine/kind". */
    static Map<String, List<Long>> rawSequences(FaultStack stack) throws IOException {
        Map<String, List<Long>> sequences = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : new KafkaTestClient(stack.bootstrapServers())
                .readAll(PipelineTopics.PUBLIC.raw().name())) {
            JsonNode reading = Json.mapper().readTree(record.value());
            sequences
                    .computeIfAbsent(
                            reading.path("engine_id").asText() + "/"
                                    + reading.path("kind").asText(),
                            k -> new ArrayList<>())
                    .add(reading.path("sequence").asLong());
        }
        return sequences;
    }

    /** Sequence numbers missing (from 1 to the last one) or repeated on the raw topic for an engine. */
    private static long gaps(Map<String, List<Long>> raw, String engine) {
        long gaps = 0;
        for (var entry : raw.entrySet()) {
            if (entry.getKey().startsWith(engine + "/")) {
                List<Long> sequences = entry.getValue();
                long last = sequences.stream().mapToLong(Long::longValue).max().orElse(0);
                gaps += last
                        - sequences.stream().distinct().count()
                        + (sequences.size() - sequences.stream().distinct().count());
            }
        }
        return gaps;
    }

    /** The dashboards' LIVE sequence numbers must be exactly the raw topic's data readings. */
    static SequenceCheck liveMatchesRaw(DashboardLog dashboards, Map<String, List<Long>> raw) {
        Map<String, List<Long>> expected = new TreeMap<>();
        raw.forEach((key, sequences) -> {
            if (!key.endsWith("/status")) {
                expected.put(key.replace("/system", "/analytics"), sequences);
            }
        });
        Map<String, List<Long>> seen = dashboards.liveSequences(e -> true);
        Map<String, List<Long>> missing = new TreeMap<>();
        long missingCount = 0;
        long duplicateCount = 0;
        for (var entry : expected.entrySet()) {
            List<Long> got = seen.getOrDefault(entry.getKey(), List.of());
            for (long sequence : entry.getValue()) {
                long copies = got.stream().filter(s -> s == sequence).count();
                if (copies == 0) {
                    missingCount++;
                    missing.computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                            .add(sequence);
                }
                duplicateCount += Math.max(0, copies - 1);
            }
        }
        return new SequenceCheck(missing, Map.of(), missingCount, duplicateCount);
    }

    /** What the client watches: the roomy engine's keys of what was collected. */
    private static Map<String, Long> roomyOnly(Map<String, Long> collected) {
        Map<String, Long> roomy = new TreeMap<>(collected);
        roomy.keySet().removeIf(key -> !key.startsWith(ROOMY + "/"));
        return roomy;
    }
}

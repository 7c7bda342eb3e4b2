package dev.pulse.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.RawReading;
import dev.pulse.common.model.ReadingKind;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.TopicSettings;
import dev.pulse.common.topic.TopicSetup;
import dev.pulse.common.validate.ReadingValidator;
import dev.pulse.common.validate.Validation;
import dev.pulse.simulator.SimulatorConfig;
import dev.pulse.simulator.SimulatorService;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every fault of the real simulator, over real HTTP, into the real broker. */
@ExtendWith(KafkaClusterExtension.class)
class CollectorFaultsIT {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorFaultsIT.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(5);
    private static SimulatorService simulator;

    @BeforeAll
    static void startSimulatorAndTopics(KafkaCluster cluster) throws Exception {
        simulator = SimulatorService.start(SimulatorConfig.onFreePort());
        TopicSetup.ensure(KafkaSettings.of(cluster.bootstrapServers()), PipelineTopics.PUBLIC, TopicSettings.DEFAULT);
        // A cold JVM misses the tests' tight timeouts on its first requests: warm it up once.
        String engine = engineId("warm-up");
        try (RawTopicWatcher watcher = new RawTopicWatcher(cluster.bootstrapServers(), engine);
                CollectorService collector = start(cluster, engine)) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> watcher.of(engine, ReadingKind.GRAPH).size() >= 3);
        }
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Test
    void shouldProduceEveryKindWithGaplessSequencesAndValidPayloadsWhenTheEngineIsHealthy(KafkaCluster cluster)
            throws Exception {
        String engine = engineId("healthy");
        try (RawTopicWatcher watcher = new RawTopicWatcher(cluster.bootstrapServers(), engine);
                CollectorService collector = start(cluster, engine)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> watcher.of(engine, ReadingKind.GRAPH).size() >= 4);

            assertThat(watcher.states(engine)).containsExactly(EngineState.UP);
            assertThat(watcher.of(engine, ReadingKind.STATUS).getFirst().sequence())
                    .isEqualTo(1);
            assertThat(watcher.of(engine, ReadingKind.STATUS)
                            .getFirst()
                            .payload()
                            .get("error")
                            .isNull())
                    .isTrue();
            for (StreamName stream : StreamName.values()) {
                List<RawReading> readings = watcher.of(engine, stream.source());
                assertThat(readings)
                        .extracting(RawReading::sequence)
                        .startsWith(1L, 2L, 3L, 4L)
                        .isSorted()
                        .doesNotHaveDuplicates();
                assertThat(readings)
                        .allSatisfy(r -> assertThat(ReadingValidator.validate(stream, r.payload()))
                                .isInstanceOf(Validation.Valid.class));
            }
        }
    }

    @Test
    void shouldOpenTheCircuitAndRecoverWithinFiveSecondsWhenTheEngineIsDown(KafkaCluster cluster) throws Exception {
        assertOutageAndRecovery(cluster, "down", "{\"mode\":\"down\"}", "io");
    }

    @Test
    void shouldOpenTheCircuitAndRecoverWithinFiveSecondsWhenTheEngineAnswers503(KafkaCluster cluster) throws Exception {
        assertOutageAndRecovery(cluster, "unavailable", "{\"mode\":\"unavailable\"}", "http_5xx");
    }

    @Test
    void shouldOpenTheCircuitAndRecoverWithinFiveSecondsWhenTheEngineIsTooSlow(KafkaCluster cluster) throws Exception {
        assertOutageAndRecovery(cluster, "slow", "{\"mode\":\"slow\",\"delay_ms\":2000}", "timeout");
    }

    @Test
    void shouldForwardMalformedBodiesAsTextAndKeepTheEngineUp(KafkaCluster cluster) throws Exception {
        String engine = engineId("malformed");
        try (RawTopicWatcher watcher = new RawTopicWatcher(cluster.bootstrapServers(), engine);
                CollectorService collector = start(cluster, engine)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> watcher.states(engine).contains(EngineState.UP));

            fault(engine, "{\"mode\":\"malformed\"}");

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> watcher.of(engine, ReadingKind.SYSTEM).stream()
                            .anyMatch(r -> r.payload().isTextual()));
            RawReading malformed = watcher.of(engine, ReadingKind.SYSTEM).stream()
                    .filter(r -> r.payload().isTextual())
                    .findFirst()
                    .orElseThrow();
            assertThat(malformed.payload().textValue()).contains("<<garbage");
            assertThat(ReadingValidator.validate(StreamName.ANALYTICS, malformed.payload()))
                    .isInstanceOfSatisfying(
                            Validation.Invalid.class,
                            invalid -> assertThat(invalid.fields()).isEqualTo("$"));
            assertGarbageNeverCountedAsAnOutage(watcher, engine);
        }
    }

    @Test
    void shouldForwardReadingsWithWrongTypesOrRangesForTheProcessorToRejectAndKeepTheEngineUp(KafkaCluster cluster)
            throws Exception {
        String types = engineId("types");
        String range = engineId("range");
        try (RawTopicWatcher watcher = new RawTopicWatcher(cluster.bootstrapServers(), types, range);
                CollectorService collector = start(cluster, types, range)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> watcher.states(types).contains(EngineState.UP)
                            && watcher.states(range).contains(EngineState.UP));
            fault(types, "{\"mode\":\"wrong_types\"}");
            fault(range, "{\"mode\":\"out_of_range\"}");

            // (readings collected before the fault took effect are valid: wait for the newest to be bad)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (String engine : List.of(types, range)) {
                    for (StreamName stream : StreamName.values()) {
                        List<RawReading> readings = watcher.of(engine, stream.source());
                        assertThat(readings).isNotEmpty();
                        JsonNode payload = readings.getLast().payload();
                        assertThat(payload.isObject()).isTrue();
                        assertThat(ReadingValidator.validate(stream, payload)).isInstanceOf(Validation.Invalid.class);
                    }
                }
            });
            for (String engine : List.of(types, range)) {
                assertGarbageNeverCountedAsAnOutage(watcher, engine);
            }
        }
    }

    @Test
    void shouldReportEveryFlapAndCollectBetweenThem(KafkaCluster cluster) throws Exception {
        String engine = engineId("flapping");
        try (RawTopicWatcher watcher = new RawTopicWatcher(cluster.bootstrapServers(), engine);
                CollectorService collector = start(cluster, engine)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> watcher.states(engine).contains(EngineState.UP));

            fault(engine, "{\"mode\":\"flapping\",\"period_ms\":2000}");

            // UP, then (down, up) at least twice over
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> watcher.states(engine).stream()
                                    .filter(s -> s == EngineState.UP)
                                    .count()
                            >= 3);
            List<EngineState> states = watcher.states(engine);
            assertThat(states.stream().filter(s -> s != EngineState.UP).count()).isGreaterThanOrEqualTo(2);
            for (int i = 1; i < states.size(); i++) {
                assertThat(states.get(i))
                        .as("a status reading only on change: %s", states)
                        .isNotEqualTo(states.get(i - 1));
            }
            clearFault(engine);
        }
    }

    private void assertOutageAndRecovery(KafkaCluster cluster, String name, String faultJson, String expectedCause)
            throws Exception {
        String engine = engineId(name);
        try (RawTopicWatcher watcher = new RawTopicWatcher(cluster.bootstrapServers(), engine);
                CollectorService collector = start(cluster, engine)) {
            // given an engine that is collected
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> watcher.of(engine, ReadingKind.SYSTEM).size() >= 2
                            && watcher.states(engine).equals(List.of(EngineState.UP)));

            // when it fails
            Instant faultAt = Instant.now();
            fault(engine, faultJson);

            // then the collector says so, and its circuit opens within the bound
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> watcher.states(engine).contains(EngineState.CIRCUIT_OPEN));
            // (a fault that hits the data endpoints first can open the circuit before a DOWN is reported)
            List<EngineState> states = watcher.states(engine);
            assertThat(states.get(0)).isEqualTo(EngineState.UP);
            assertThat(states.get(1)).isIn(EngineState.DOWN, EngineState.CIRCUIT_OPEN);
            RawReading down = watcher.of(engine, ReadingKind.STATUS).get(1);
            assertThat(down.payload().get("error").asText()).contains(expectedCause);
            RawReading open = watcher.of(engine, ReadingKind.STATUS).stream()
                    .filter(r -> r.payload().get("state").asText().equals("CIRCUIT_OPEN"))
                    .findFirst()
                    .orElseThrow();
            Duration toOpen = Duration.between(
                    faultAt, Instant.parse(open.payload().get("since").asText()));
            // a few polls of 500 ms; the slack is for a loaded 2-core machine (measured 0.5-2.4 s)
            assertThat(toOpen).isLessThan(Duration.ofSeconds(4));
            int systemBeforeClear = watcher.of(engine, ReadingKind.SYSTEM).size();

            // when it comes back
            Instant clearedAt = Instant.now();
            clearFault(engine);

            // then readings flow again within the bound
            await().atMost(RECOVERY_BOUND.plusSeconds(2))
                    .until(() -> watcher.of(engine, ReadingKind.SYSTEM).size() > systemBeforeClear
                            && watcher.states(engine).getLast() == EngineState.UP);
            RawReading firstAfter = watcher.of(engine, ReadingKind.SYSTEM).get(systemBeforeClear);
            Duration recovery = Duration.between(clearedAt, firstAfter.collectedAt());
            LOG.info(
                    "measured fault={} circuitOpenAfter={}ms recovery={}ms",
                    name,
                    toOpen.toMillis(),
                    recovery.toMillis());
            assertThat(recovery).isLessThan(RECOVERY_BOUND);
            // no data was collected while the engine was out
            assertThat(watcher.of(engine, ReadingKind.SYSTEM).stream()
                            .filter(r -> r.collectedAt().isAfter(down.collectedAt())
                                    && r.collectedAt().isBefore(clearedAt)))
                    .isEmpty();
        }
    }

    /**
     * Bad data must not make the engine DOWN. On a heavily loaded machine a poll may still time out now and then; such
     * a status says "timeout", which garbage cannot cause.
     */
    private static void assertGarbageNeverCountedAsAnOutage(RawTopicWatcher watcher, String engine) {
        assertThat(watcher.of(engine, ReadingKind.STATUS))
                .filteredOn(r -> !r.payload().get("state").asText().equals("UP"))
                .allSatisfy(r -> assertThat(r.payload().get("error").asText()).contains("timeout"));
        assertThat(watcher.states(engine).getLast()).isEqualTo(EngineState.UP);
    }

    private static CollectorService start(KafkaCluster cluster, String... engines) {
        StringBuilder urls = new StringBuilder();
        for (String engine : engines) {
            urls.append(urls.isEmpty() ? "" : ",")
                    .append(engine)
                    .append("=http://127.0.0.1:")
                    .append(simulator.port())
                    .append("/engines/")
                    .append(engine);
        }
        return CollectorService.start(
                TestConfigs.config(TestConfigs.fastPolling(cluster.bootstrapServers(), urls.toString())));
    }

    private static String engineId(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void fault(String engine, String json) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(admin(engine))
                        .PUT(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private static void clearFault(String engine) throws Exception {
        HTTP.send(HttpRequest.newBuilder(admin(engine)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI admin(String engine) {
        return URI.create("http://127.0.0.1:" + simulator.port() + "/admin/engines/" + engine + "/fault");
    }
}

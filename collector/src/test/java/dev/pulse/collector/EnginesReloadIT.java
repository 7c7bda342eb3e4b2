package dev.pulse.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.RawReading;
import dev.pulse.common.model.ReadingKind;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.TopicSettings;
import dev.pulse.common.topic.TopicSetup;
import dev.pulse.simulator.SimulatorConfig;
import dev.pulse.simulator.SimulatorService;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The engines file at run time: reloads, engines down from the start, and two collectors sharing one file. */
@ExtendWith(KafkaClusterExtension.class)
class EnginesReloadIT {
    private static final Duration RELOAD_CHECK = Duration.ofMillis(200);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String REFUSED_ONCE =
            "pulse_collector_engines_reloads_total{outcome=\"refused\",service=\"collector\"} 1.0";
    private static SimulatorService simulator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSimulatorAndTopics(KafkaCluster cluster) {
        simulator = SimulatorService.start(SimulatorConfig.onFreePort());
        TopicSetup.ensure(KafkaSettings.of(cluster.bootstrapServers()), PipelineTopics.PUBLIC, TopicSettings.DEFAULT);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Test
    void shouldPollAnAddedEngineAndRetireARemovedOneWhenTheFileChangesAndKeepTheSetWhenTheFileIsBad(
            KafkaCluster cluster) throws Exception {
        // given
        String kept = engineId("kept");
        String removed = engineId("removed");
        String added = engineId("added");
        Path file = dir.resolve("engines.yaml");
        Files.writeString(file, engines(kept, removed));
        try (RawTopicWatcher watcher = new RawTopicWatcher(cluster.bootstrapServers(), kept, removed, added);
                CollectorService collector = start(cluster, file, "0/1")) {
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> !watcher.of(removed, ReadingKind.SYSTEM).isEmpty()
                            && !watcher.of(kept, ReadingKind.SYSTEM).isEmpty());

            // when: one engine removed, one added
            Files.writeString(file, engines(kept, added));

            // then
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !watcher.of(added, ReadingKind.SYSTEM).isEmpty()
                            && watcher.states(removed).contains(EngineState.RETIRED));
            RawReading retired = watcher.of(removed, ReadingKind.STATUS).getLast();
            assertThat(retired.payload().get("state").asText()).isEqualTo("RETIRED");
            assertThat(retired.payload().get("error").asText()).isEqualTo(Fleet.REMOVED);
            assertThat(retired.run()).isEqualTo(collector.run());
            assertThat(watcher.of(removed, ReadingKind.SYSTEM))
                    .as("nothing of a retired engine after its RETIRED status")
                    .allSatisfy(r -> assertThat(r.collectedAt()).isBeforeOrEqualTo(retired.collectedAt()));
            assertThat(polled(collector)).contains(kept, added).doesNotContain(removed);

            // when: a bad file
            Files.writeString(file, engines(kept, added) + "  - {id: 'not an id', url: 'http://h:1'}\n");

            // then: refused, and both engines keep being polled
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> metrics(collector).contains(REFUSED_ONCE));
            Instant refused = Instant.now();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> List.of(kept, added).stream()
                            .allMatch(e -> watcher.of(e, ReadingKind.SYSTEM).stream()
                                    .anyMatch(r -> r.collectedAt().isAfter(refused))));
            assertThat(polled(collector)).contains(kept, added);
        }
    }

    @Test
    void shouldReportAnEngineThatIsUnreachableFromTheStartDownAtItsFirstPoll(KafkaCluster cluster) throws Exception {
        // given: an engine on a port nothing listens on
        String dead = engineId("dead");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path file = dir.resolve("engines.yaml");
        Files.writeString(file, "engines:\n  - {id: %s, url: 'http://127.0.0.1:%d'}\n".formatted(dead, closedPort));

        // when
        try (RawTopicWatcher watcher = new RawTopicWatcher(cluster.bootstrapServers(), dead);
                CollectorService collector = start(cluster, file, "0/1")) {
            Instant started = Instant.now();

            // then: a DOWN status within about a poll, naming the refusal
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !watcher.states(dead).isEmpty());
            RawReading first = watcher.of(dead, ReadingKind.STATUS).getFirst();
            assertThat(first.payload().get("state").asText()).isEqualTo("DOWN");
            assertThat(first.payload().get("error").asText()).startsWith("refused");
            assertThat(Duration.between(started, first.collectedAt())).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void shouldSplitOneEnginesFileBetweenTwoCollectorsSoThatEachEngineIsPolledByExactlyOne(KafkaCluster cluster)
            throws Exception {
        // given
        String[] fleet = IntStream.range(0, 8).mapToObj(i -> engineId("shard")).toArray(String[]::new);
        Path file = dir.resolve("engines.yaml");
        Files.writeString(file, engines(fleet));

        // when
        try (RawTopicWatcher watcher = new RawTopicWatcher(cluster.bootstrapServers(), fleet);
                CollectorService first = start(cluster, file, "0/2");
                CollectorService second = start(cluster, file, "1/2")) {
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> List.of(fleet).stream()
                            .allMatch(e -> watcher.of(e, ReadingKind.GRAPH).size() >= 2));

            // then
            List<String> byFirst = polled(first);
            List<String> bySecond = polled(second);
            assertThat(byFirst).doesNotContainAnyElementsOf(bySecond);
            assertThat(concat(byFirst, bySecond)).containsExactlyInAnyOrder(fleet);
            for (String engine : fleet) {
                assertThat(watcher.states(engine))
                        .as("one UP status: one collector")
                        .containsExactly(EngineState.UP);
                Shard owner = new Shard(byFirst.contains(engine) ? 0 : 1, 2);
                assertThat(owner.owns(engine)).isTrue();
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static String engines(String... ids) {
        StringBuilder text = new StringBuilder("engines:\n");
        for (String id : ids) {
            text.append("  - {id: %s, url: 'http://127.0.0.1:%d/engines/%s'}\n".formatted(id, simulator.port(), id));
        }
        return text.toString();
    }

    private static CollectorService start(KafkaCluster cluster, Path file, String shard) {
        var env = TestConfigs.fastPolling(cluster.bootstrapServers(), file);
        env.put("COLLECTOR_SHARD", shard);
        return CollectorService.start(TestConfigs.config(env), RELOAD_CHECK);
    }

    private static List<String> polled(CollectorService collector) throws Exception {
        var body = Json.mapper().readTree(get(collector, "/api/v1/engines"));
        assertThat(body.get("run").asLong()).isEqualTo(collector.run());
        List<String> ids = new ArrayList<>();
        body.get("engines").fieldNames().forEachRemaining(ids::add);
        return ids;
    }

    private static String metrics(CollectorService collector) throws Exception {
        return get(collector, "/metrics");
    }

    private static String get(CollectorService collector, String path) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collector.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static String engineId(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.Alert;
import dev.pulse.common.model.AlertLevel;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.processor.alert.AlertStore;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import dev.pulse.testing.KafkaTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Thresholds through a real processor on the real broker: transitions committed exactly once, the topic compacted. */
@ExtendWith(KafkaClusterExtension.class)
class AlertPublishingIT {
    private static final JsonSerde<Alert> SERDE = JsonSerde.of(Alert.class);

    @Test
    void shouldCommitEachTransitionOnceAndCreateTheAlertsTopicCompacted(KafkaCluster cluster) throws Exception {
        // given a processor with a CPU threshold, on its own topics
        String id = "alerts-" + UUID.randomUUID().toString().substring(0, 8);
        PipelineTopics topics = new PipelineTopics(id + ".");
        KafkaTestClient client = new KafkaTestClient(cluster);
        client.createTopics(
                2,
                // not the alerts topic: the processor creates it, as in a deployment
                List.of(
                        topics.raw().name(),
                        topics.dlq().name(),
                        topics.analytics().name(),
                        topics.memory().name(),
                        topics.graph().name()));
        ProcessorConfig config = ProcessorEnv.config(
                        cluster,
                        id,
                        "ALERT_THRESHOLDS",
                        "analytics.cpu_usage>90:warning,analytics.cpu_usage>97:critical")
                .withTopics(topics);

        try (ProcessorService processor = ProcessorService.start(config)) {
            // when two engines' CPU rises past both bounds and falls back, with readings in between that change
            // nothing
            double[] cpu = {50, 92, 93, 99, 99, 95, 20, 20};
            for (int i = 0; i < cpu.length; i++) {
                for (String engine : List.of("e1", "e2")) {
                    Instant now = Instant.now();
                    client.send(
                            topics.raw().name(),
                            engine,
                            Readings.bytes(
                                    Readings.envelope(engine, "system", 1, i + 1, now, Readings.system(cpu[i], now))));
                }
            }

            // then each engine's transitions are on the topic once each, in order, with the reading behind each
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> alerts(client, topics).size() == 8);
            List<ConsumerRecord<String, byte[]>> records = alerts(client, topics);
            for (String engine : List.of("e1", "e2")) {
                List<Alert> own = records.stream()
                        .filter(r -> r.key().equals(engine))
                        .map(r -> SERDE.deserialize(topics.alerts().name(), r.value()))
                        .toList();
                assertThat(own)
                        .extracting(Alert::level)
                        .containsExactly(AlertLevel.WARNING, AlertLevel.CRITICAL, AlertLevel.WARNING, AlertLevel.OK);
                assertThat(own).extracting(Alert::sequence).containsExactly(2L, 4L, 6L, 7L);
                assertThat(own).allSatisfy(a -> assertThat(a.run()).isEqualTo(1));
            }
            // and the levels are in the store's changelog
            assertThat(client.readAll(id + "-" + AlertStore.NAME + "-changelog"))
                    .extracting(ConsumerRecord::key)
                    .contains("e1", "e2");
        }

        // and the alerts topic was created compacted only, keeping a day of transitions uncompacted
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(
                    ConfigResource.Type.TOPIC, topics.alerts().name());
            var configs = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(configs.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get("min.compaction.lag.ms").value())
                    .isEqualTo(Long.toString(Duration.ofDays(1).toMillis()));
        }
    }

    private static List<ConsumerRecord<String, byte[]>> alerts(KafkaTestClient client, PipelineTopics topics) {
        return client.readAll(topics.alerts().name());
    }
}

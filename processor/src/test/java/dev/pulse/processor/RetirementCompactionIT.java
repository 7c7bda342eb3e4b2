package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.processor.store.StoreNames;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import dev.pulse.testing.KafkaTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A retired engine leaves the compacted stream topics: after its RETIRED event and tombstone, and once the log cleaner
 * has run, a consumer reading the topic from the beginning does not see it at all. The test topic rolls its segments
 * every 100 ms and has tiny cleaning thresholds, and the broker's cleaner looks for work every 500 ms, so compaction
 * happens in seconds instead of the production topics' hour-long segments and day-long tombstone retention.
 */
@ExtendWith(KafkaClusterExtension.class)
class RetirementCompactionIT {
    private static final String CLEANER_BACKOFF = "log.cleaner.backoff.ms";

    @Test
    void shouldLeaveNoTraceOfARetiredEngineOnACompactedStreamTopic(KafkaCluster cluster) throws Exception {
        // given a processor whose analytics topic compacts within seconds
        String id = "retire-" + UUID.randomUUID().toString().substring(0, 8);
        PipelineTopics topics = new PipelineTopics(id + ".");
        KafkaTestClient client = new KafkaTestClient(cluster);
        client.createTopics(
                1,
                List.of(
                        topics.raw().name(),
                        topics.dlq().name(),
                        topics.memory().name(),
                        topics.graph().name()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.analytics().name(), 1, (short) 1)
                            .configs(Map.of(
                                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                                    TopicConfig.SEGMENT_MS_CONFIG, "100",
                                    TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01",
                                    TopicConfig.DELETE_RETENTION_MS_CONFIG, "100"))))
                    .all()
                    .get();
            setCleanerBackoff(admin, "500");
            try (ProcessorService processor =
                    ProcessorService.start(config(cluster, id).withTopics(topics))) {
                // and two engines with events on it
                AtomicLong sequence = new AtomicLong();
                send(client, topics, "gone", "system", sequence.incrementAndGet());
                send(client, topics, "stays", "system", sequence.incrementAndGet());
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> events(client, topics).stream()
                                        .filter(r -> r.value() != null)
                                        .map(ConsumerRecord::key)
                                        .distinct()
                                        .count()
                                == 2);

                // when the collector retires one
                client.send(
                        topics.raw().name(),
                        "gone",
                        Readings.bytes(Readings.envelope(
                                "gone",
                                "status",
                                1,
                                1,
                                Instant.now(),
                                Readings.status("RETIRED", null, Instant.now()))));

                // then a tombstone is its last record on the topic (the RETIRED event before it, which the
                // topology tests check, may already be compacted away), and in the store's changelog
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(events(client, topics))
                                .filteredOn(r -> r.key().equals("gone"))
                                .last()
                                .satisfies(r -> assertThat(r.value()).isNull()));
                assertThat(client.readAll(id + "-" + StoreNames.STREAM_STATE + "-changelog"))
                        .filteredOn(r -> r.key().equals("analytics/gone"))
                        .last()
                        .satisfies(r -> assertThat(r.value()).isNull());

                // and once the cleaner has run, a reader from the beginning sees the engine that stays and nothing
                // of the retired one. Only a closed segment is cleaned and a segment rolls when a record arrives after
                // segment.ms, so the engine that stays keeps reading while we wait.
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> {
                            send(client, topics, "stays", "system", sequence.incrementAndGet());
                            List<ConsumerRecord<String, byte[]>> all = events(client, topics);
                            assertThat(all).extracting(ConsumerRecord::key).contains("stays");
                            assertThat(all).extracting(ConsumerRecord::key).doesNotContain("gone");
                        });
            } finally {
                setCleanerBackoff(admin, null);
            }
        }
    }

    /** The broker's cleaner pause between checks for work (15 s by default); null restores the default. */
    private static void setCleanerBackoff(Admin admin, String millis) throws Exception {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "");
        AlterConfigOp op = millis == null
                ? new AlterConfigOp(new ConfigEntry(CLEANER_BACKOFF, ""), AlterConfigOp.OpType.DELETE)
                : new AlterConfigOp(new ConfigEntry(CLEANER_BACKOFF, millis), AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(broker, List.of(op))).all().get();
    }

    private static void send(KafkaTestClient client, PipelineTopics topics, String engine, String kind, long sequence) {
        Instant now = Instant.now();
        client.send(
                topics.raw().name(),
                engine,
                Readings.bytes(Readings.envelope(engine, kind, 1, sequence, now, Readings.system(5, now))));
    }

    private static List<ConsumerRecord<String, byte[]>> events(KafkaTestClient client, PipelineTopics topics) {
        return client.readAll(topics.analytics().name());
    }

    private static ProcessorConfig config(KafkaCluster cluster, String id) throws Exception {
        return ProcessorEnv.config(cluster, id, "STALE_AFTER", "10m");
    }
}

package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamValues;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.Topic;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import dev.pulse.testing.KafkaTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class PrefixedTopicsIT {

    @Test
    void shouldCreateReadAndWriteOnlyTheTopicsUnderItsTopicPrefix(KafkaCluster cluster) throws Exception {
        // given: a processor configured with TOPIC_PREFIX, as a deployment would be
        String id = "prefixed-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = id + ".";
        ProcessorConfig config = ProcessorEnv.config(cluster, id, "TOPIC_PREFIX", prefix);
        PipelineTopics topics = new PipelineTopics(prefix);
        assertThat(config.topics()).isEqualTo(topics);

        try (ProcessorService service = ProcessorService.start(config)) {
            // then: it created every pipeline topic under the prefix
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                Set<String> existing = admin.listTopics().names().get();
                assertThat(existing).containsAll(topics.names());
            }

            // when: a valid and a broken reading arrive on the prefixed raw topic
            KafkaTestClient client = new KafkaTestClient(cluster);
            Instant now = Instant.now();
            client.send(
                    topics.raw().name(),
                    id,
                    Readings.bytes(Readings.envelope(id, "system", 1, now, Readings.system(5, now))));
            client.send(topics.raw().name(), id, Readings.bytes("nonsense"));

            // then: the event is on the prefixed analytics topic and the broken one on the prefixed dead letters
            Topic<String, StreamEvent<StreamValues>> analytics = topics.analytics();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> client.readAll(analytics.name()).stream()
                            .map(r -> analytics.valueSerde().deserializer().deserialize(analytics.name(), r.value()))
                            .anyMatch(event -> event.engineId().equals(id) && event.sequence() == 1));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> client.readAll(topics.dlq().name()).stream().anyMatch(r -> id.equals(r.key())));
        }
    }
}

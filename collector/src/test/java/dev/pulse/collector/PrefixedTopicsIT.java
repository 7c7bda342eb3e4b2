package dev.pulse.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.model.RawReading;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.Topic;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import dev.pulse.testing.KafkaTestClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class PrefixedTopicsIT {

    @Test
    void shouldCreateAndWriteTheRawTopicUnderItsTopicPrefix(KafkaCluster cluster) throws Exception {
        // given: a collector (simulated engine, no HTTP needed) configured with TOPIC_PREFIX
        String engine = "prefixed-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = engine + ".";
        Map<String, String> env = TestConfigs.fastPolling(cluster.bootstrapServers(), engine + "=http://127.0.0.1:1");
        env.put("COLLECTOR_MODE", "simulated");
        env.put("TOPIC_PREFIX", prefix);
        Topic<String, RawReading> raw = new PipelineTopics(prefix).raw();

        try (CollectorService collector = CollectorService.start(TestConfigs.config(env))) {
            // then: its readings arrive on the prefixed raw topic, which it created with the rest of the prefixed ones
            KafkaTestClient client = new KafkaTestClient(cluster);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> hasTopic(cluster, raw.name())
                            && client.readAll(raw.name()).stream()
                                    .map(r -> raw.valueSerde().deserializer().deserialize(raw.name(), r.value()))
                                    .anyMatch(reading -> reading.engineId().equals(engine)));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).containsAll(new PipelineTopics(prefix).names());
            }
        }
    }

    private static boolean hasTopic(KafkaCluster cluster, String name) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            Set<String> names = admin.listTopics().names().get();
            return names.contains(name);
        }
    }
}

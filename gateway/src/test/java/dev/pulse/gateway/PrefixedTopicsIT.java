package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.TopicSettings;
import dev.pulse.common.topic.TopicSetup;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class PrefixedTopicsIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void shouldCreateAndReadOnlyTheDashboardTopicsUnderItsTopicPrefix(KafkaCluster cluster) throws Exception {
        // given: an event on the public analytics topic, of an engine the prefixed deployment never sees
        String prefix = "gw-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        PipelineTopics prefixed = new PipelineTopics(prefix);
        TopicSetup.ensure(KafkaSettings.of(cluster.bootstrapServers()), PipelineTopics.PUBLIC, TopicSettings.DEFAULT);
        String outsider = TestEvents.engine("public");
        try (TestEvents publicTopics = new TestEvents(cluster)) {
            publicTopics.send(StreamName.ANALYTICS, outsider, 1);
        }

        // when: a gateway starts with TOPIC_PREFIX (ready = caught up with every topic it reads)
        try (GatewayHarness gateway = GatewayHarness.start(cluster, Map.of("TOPIC_PREFIX", prefix));
                TestEvents kafka = new TestEvents(cluster, prefixed)) {
            // then: it created the prefixed dashboard topics
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                Set<String> existing = admin.listTopics().names().get();
                assertThat(existing).containsAll(prefixed.dashboardNames());
            }
            // and it has not read the public topic, though it is caught up
            assertThat(SseTestClient.get(gateway.uri("/api/v1/snapshot?engine=" + outsider), Map.of())
                            .body())
                    .doesNotContain(outsider);

            // and it streams what arrives on its own topics
            String engine = TestEvents.engine("prefixed");
            try (SseTestClient client = SseTestClient.connect(gateway.uri("/events?engine=" + engine))) {
                kafka.send(StreamName.MEMORY, engine, 7);
                SseTestClient.Event event = client.next(WAIT);
                assertThat(event.event()).isEqualTo("memory");
                assertThat(Json.mapper().readTree(event.data()).path("sequence").asLong())
                        .isEqualTo(7);
            }
        }
    }
}

package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.gateway.kafka.EnginePartitions;
import dev.pulse.gateway.kafka.PartitionLayout;
import dev.pulse.gateway.kafka.Positions;
import dev.pulse.gateway.resume.ResumeToken;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class ReplayGuardsIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void shouldRefuseATokenPastAPartitionsEndWith400InsteadOfReplayingEverything(KafkaCluster cluster)
            throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start(cluster);
                TestEvents kafka = new TestEvents(cluster)) {
            // given: events on the topic, and a forged token far beyond them
            kafka.send(StreamName.MEMORY, TestEvents.engine("beyond"), 1);
            String forged = ResumeToken.encode(
                    Positions.of(
                            new PartitionLayout(PipelineTopics.PUBLIC, Map.of(StreamName.MEMORY, 3)),
                            0,
                            0,
                            1_000_000_000L),
                    EnumSet.of(StreamName.MEMORY));

            // when
            HttpResponse<String> response =
                    SseTestClient.get(gateway.uri("/events?streams=memory"), Map.of("Last-Event-ID", forged));

            // then
            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode error = Json.mapper().readTree(response.body());
            assertThat(error.get("message").asText())
                    .contains("points past the end of stream 'memory' partition 2 (offset 1000000000");
        }
    }

    @Test
    void shouldReplayAnEnginesEventsFromThePartitionItsIdHashesTo(KafkaCluster cluster) {
        try (GatewayHarness gateway = GatewayHarness.start(cluster);
                TestEvents kafka = new TestEvents(cluster)) {
            // given: events of several engines, so that every partition holds some
            List<String> engines = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String engine = TestEvents.engine("hash" + i);
                engines.add(engine);
                RecordMetadata sent = kafka.send(StreamName.GRAPH, engine, 1);
                // the rule a filtered replay relies on to skip the other partitions
                assertThat(EnginePartitions.of(engine, 3)).isEqualTo(sent.partition());
            }
            String engine = engines.get(5);

            // when: a replay from the start filtered to one engine
            try (SseTestClient client = SseTestClient.connect(
                    gateway.uri("/events?streams=graph&engine=" + engine + "&since=1970-01-01T00:00:00Z"))) {
                // then: its event, and after it live ones of it only
                assertThat(ResumeIT.key(client.next(WAIT))).isEqualTo("graph/" + engine + "/1");
                kafka.send(StreamName.GRAPH, engines.get(4), 2);
                kafka.send(StreamName.GRAPH, engine, 3);
                assertThat(ResumeIT.key(client.next(WAIT))).isEqualTo("graph/" + engine + "/3");
            }
        }
    }
}

package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.gateway.kafka.PartitionLayout;
import dev.pulse.gateway.kafka.Positions;
import dev.pulse.gateway.resume.ResumeToken;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestIT {
    private GatewayHarness gateway;

    @BeforeAll
    void start(KafkaCluster cluster) {
        gateway = GatewayHarness.start(cluster);
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    static Stream<Arguments> badRequests() {
        String memoryOnly = ResumeToken.encode(
                Positions.of(new PartitionLayout(PipelineTopics.PUBLIC, Map.of(StreamName.MEMORY, 3)), 1, 2, 3),
                EnumSet.of(StreamName.MEMORY));
        return Stream.of(
                Arguments.of("/events?streams=analytics,bogus", Map.of(), "unknown stream 'bogus'"),
                Arguments.of("/events?streams=", Map.of(), "streams is empty"),
                Arguments.of("/events?engine=bad%20id", Map.of(), "bad engine id"),
                Arguments.of("/events?engine=" + "e".repeat(65), Map.of(), "bad engine id"),
                Arguments.of("/events?engine=", Map.of(), "engine is empty"),
                Arguments.of("/events?lastEventId=garbage", Map.of(), "must start with 'v1.'"),
                Arguments.of("/events?lastEventId=v1.AAAAAAAAAA", Map.of(), "damaged"),
                Arguments.of("/events?lastEventId=v1.!!!", Map.of(), "not base64url"),
                Arguments.of("/events", Map.of("Last-Event-ID", "v1." + "A".repeat(5000)), "longer than 4096"),
                Arguments.of(
                        "/events?streams=analytics",
                        Map.of("Last-Event-ID", memoryOnly),
                        "does not cover stream 'analytics'"),
                Arguments.of("/events?since=yesterday", Map.of(), "bad since"),
                Arguments.of("/events?since=-999999999-01-01T00:00:00Z", Map.of(), "since -999999999"),
                Arguments.of("/events?since=%2B999999999-12-31T23:59:59Z", Map.of(), "is out of range"),
                Arguments.of("/events?since=1969-12-31T23:59:59Z", Map.of(), "is out of range"),
                Arguments.of("/api/v1/snapshot?engine=no/slash", Map.of(), "bad engine id"),
                Arguments.of("/api/v1/snapshot?streams=cpu", Map.of(), "unknown stream 'cpu'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void shouldAnswerABadRequestWith400JsonSayingWhatWasWrong(String path, Map<String, String> headers, String expected)
            throws Exception {
        // when
        HttpResponse<String> response = SseTestClient.get(gateway.uri(path), headers);

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode error = Json.mapper().readTree(response.body());
        assertThat(error.get("status").asInt()).isEqualTo(400);
        assertThat(error.get("error").asText()).isEqualTo("bad_request");
        assertThat(error.get("message").asText()).contains(expected);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}

package dev.pulse.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.dev.DevStack;
import dev.pulse.dev.DevStackConfig;
import dev.pulse.kafka.EmbeddedKafkaBroker;
import dev.pulse.process.Service;
import dev.pulse.sse.SseEvent;
import dev.pulse.testing.KafkaTestClient;
import dev.pulse.testing.SseTestClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The thin slice end to end, through the same launcher as the README's run command: a real broker, and the simulator,
 * collector, processor and gateway as separate processes from their packaged jars.
 */
class DevStackIT {
    private static DevStack stack;

    @BeforeAll
    static void startTheWholeStack() {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, EmbeddedKafkaBroker.freePort());
        }
        stack = new DevStack(
                new DevStackConfig(
                        Path.of("..").toAbsolutePath().normalize(), EmbeddedKafkaBroker.freePort(), ports, 2),
                System.out);
        stack.start();
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldDeliverASimulatorReadingToAPlainSseClientAsAnAnalyticsEvent() {
        URI events = URI.create("http://127.0.0.1:" + stack.port(Service.GATEWAY) + "/events");

        try (SseTestClient client = SseTestClient.connect(events)) {
            assertThat(client.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.events().stream().anyMatch(DevStackIT::isLiveAnalyticsOfEngine1));
        }
    }

    @Test
    void shouldSendAMalformedRawRecordToTheDeadLetterTopicWithAReason() {
        KafkaTestClient kafka = new KafkaTestClient(stack.bootstrapServers());
        byte[] malformed = "{\"engine_id\":\"engine-1\",\"kind\":".getBytes(StandardCharsets.UTF_8);

        kafka.send(PipelineTopics.PUBLIC.raw().name(), "engine-1", malformed);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> kafka.readAll(PipelineTopics.PUBLIC.dlq().name()).stream()
                        .anyMatch(record -> Arrays.equals(record.value(), malformed)
                                && header(record.headers().lastHeader("pulse.dlq.reason")) != null));
    }

    @Test
    void shouldPublishDashboardRecordsThatAPlainConsumerCanValidateAgainstThePublishedSchemas() throws Exception {
        assertThat(DashboardContract.validateDashboardTopics(stack.bootstrapServers()))
                .contains("LIVE");
    }

    private static boolean isLiveAnalyticsOfEngine1(SseEvent event) {
        if (!"analytics".equals(event.event())) {
            return false;
        }
        try {
            JsonNode data = Json.mapper().readTree(event.data());
            return "engine-1".equals(data.path("engine_id").asText())
                    && "LIVE".equals(data.path("status").asText())
                    && data.path("values").path("active_nodes").isNumber()
                    && event.id() != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static String header(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

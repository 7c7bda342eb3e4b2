package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import dev.pulse.testing.KafkaTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class ProcessorServiceIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldCreateTopicsAndReportHealthReadinessAndMetrics(KafkaCluster cluster) throws Exception {
        // given a processor on the public topics
        String id = "service-" + UUID.randomUUID().toString().substring(0, 8);
        ProcessorConfig config = ProcessorEnv.config(cluster, id);

        try (ProcessorService service = ProcessorService.start(config)) {
            String base = "http://127.0.0.1:" + service.port();

            // then it is alive at once and ready once Kafka Streams runs
            assertThat(get(base + "/health").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> get(base + "/ready").statusCode() == 200);
            assertThat(get(base + "/ready").body()).contains("READY");

            // when a valid and a broken reading arrive
            KafkaTestClient client = new KafkaTestClient(cluster);
            Instant now = Instant.now();
            client.send(
                    PipelineTopics.PUBLIC.raw().name(),
                    id,
                    Readings.bytes(Readings.envelope(id, "system", 1, now, Readings.system(5, now))));
            client.send(PipelineTopics.PUBLIC.raw().name(), id, Readings.bytes("nonsense"));

            // then the metrics count them, next to Kafka Streams' own
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String metrics = get(base + "/metrics").body();
                assertThat(metrics)
                        .containsPattern("pulse_processor_records_in_total\\{.*topic=\"engine.readings.raw\".*} [1-9]");
                assertThat(metrics)
                        .containsPattern(
                                "pulse_processor_records_out_total\\{.*topic=\"dashboard.analytics\".*} [1-9]");
                assertThat(metrics)
                        .containsPattern("pulse_processor_dlq_records_total\\{.*reason=\"invalid-json\".*} [1-9]");
                assertThat(metrics).contains("pulse_processor_punctuation_lag_seconds");
                assertThat(metrics).contains("kafka_stream_");
            });
        }

        // and the dashboard topics keep the latest event per engine (compact) and age out (delete)
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            for (String topic : PipelineTopics.PUBLIC.dashboardNames()) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                var policy = admin.describeConfigs(List.of(resource))
                        .all()
                        .get()
                        .get(resource)
                        .get("cleanup.policy")
                        .value();
                assertThat(policy).isEqualTo("compact,delete");
            }
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package dev.pulse.gateway;

import dev.pulse.common.config.Env;
import dev.pulse.testing.KafkaCluster;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;

/** A real gateway on a free port against the test cluster, ready (caught up) before the test uses it. */
final class GatewayHarness implements AutoCloseable {
    private final GatewayService service;

    private GatewayHarness(GatewayService service) {
        this.service = service;
    }

    static GatewayHarness start(KafkaCluster cluster, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("GATEWAY_PORT", "0");
        env.put("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
        GatewayHarness harness = new GatewayHarness(GatewayService.start(GatewayConfig.fromEnv(new Env(env))));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> SseTestClient.get(harness.uri("/ready"), Map.of()).statusCode() == 200);
        return harness;
    }

    static GatewayHarness start(KafkaCluster cluster) {
        return start(cluster, Map.of());
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + service.port() + pathAndQuery);
    }

    GatewayService service() {
        return service;
    }

    @Override
    public void close() {
        service.close();
    }
}

package dev.pulse.faults;

import static org.awaitility.Awaitility.await;

import dev.pulse.faults.SseClient.Received;
import dev.pulse.process.Service;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;

/**
 * What every three-broker scenario runs on the cluster: simulator, processor, gateway and one collector of one engine.
 * Shared so that the scenarios differ only in the fault they cause.
 */
record ClusterPipeline(
        ServiceNode simulator, ServiceNode processor, ServiceNode gateway, ServiceNode collector, String engine) {

    static ClusterPipeline start(FaultStack stack, String engine) {
        ServiceNode simulator = stack.node("simulator", Service.SIMULATOR, Map.of());
        ServiceNode processor = stack.node("processor", Service.PROCESSOR, Map.of());
        ServiceNode gateway = stack.node("gateway", Service.GATEWAY, Map.of());
        FaultStack.startAll(simulator, processor, gateway);
        String sim = "http://127.0.0.1:" + simulator.port() + "/engines/";
        ServiceNode collector =
                stack.start("collector", Service.COLLECTOR, Map.of("ENGINE_URLS", engine + "=" + sim + engine));
        return new ClusterPipeline(simulator, processor, gateway, collector, engine);
    }

    /** An SSE client of the engine, returned once LIVE events stream to it: the fault must hit a running stream. */
    SseClient streamingClient() {
        SseClient client = new SseClient(List.of(gateway.uri("/")), "/events?engine=" + engine);
        try {
            await("LIVE events streaming")
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> client.events().stream().filter(Received::live).count() >= 6);
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The raw topic's partition the engine's readings go to (the collector keys them by engine id). */
    int rawPartition() {
        return Utils.toPositive(Utils.murmur2(engine.getBytes(StandardCharsets.UTF_8))) % FaultStack.PARTITIONS;
    }
}

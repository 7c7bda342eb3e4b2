package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.dev.Service;
import dev.pulse.faults.SseClient.Received;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7: 100 SSE clients that connect and never read, next to 10 that do. The gateway's heap must stay bounded,
 * the stalled clients must be disconnected by its slow-client policy (bounded queue, then idle timeout), and the
 * reading clients' p99 delivery latency must not suffer compared with a run without the stalled ones.
 */
class SlowClientsIT {
    private static final int READERS = 10;
    private static final int STALLED = 100;

    @Test
    void shouldDisconnectStalledClientsWithBoundedHeapAndLeaveTheOthersLatencyAlone() {
        Duration window = Duration.ofSeconds(Profile.pick(10, 30));
        List<String> engines = Partitions.covering("engine", 3);
        try (FaultStack stack = FaultStack.start("slow-clients");
                RawLoad load = new RawLoad(stack.bootstrapServers(), engines, Duration.ofMillis(50))) {
            ServiceNode processor = stack.node("processor", Service.PROCESSOR, Map.of());
            ServiceNode gateway = stack.node("gateway", Service.GATEWAY, Map.of("GATEWAY_MAX_CLIENTS_PER_IP", "1000"));
            FaultStack.startAll(processor, gateway);
            load.start();
            List<SseClient> readers = new ArrayList<>();
            List<Socket> stalled = new ArrayList<>();
            try (MemorySampler memory = new MemorySampler(gateway, 250)) {
                for (int i = 0; i < READERS; i++) {
                    readers.add(new SseClient(List.of(gateway.uri("/")), "/events"));
                }
                await("readers streaming")
                        .atMost(Duration.ofMinutes(2))
                        .until(() -> readers.stream()
                                .allMatch(c -> c.events().stream()
                                                .filter(Received::live)
                                                .count()
                                        >= 20));

                long baselineFrom = System.currentTimeMillis();
                pause(window);
                long baselineTo = System.currentTimeMillis();
                double heapBaseline = memory.maxHeapMib();

                long stalledFrom = System.currentTimeMillis();
                for (int i = 0; i < STALLED; i++) {
                    stalled.add(stall(gateway));
                }
                await("stalled clients connected")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> Http.metric(gateway, "pulse_gateway_connections") >= READERS + STALLED * 0.9);
                pause(window);
                long stalledTo = System.currentTimeMillis();
                await("stalled clients disconnected by policy")
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> Http.metric(gateway, "pulse_gateway_connections") <= READERS);
                long disconnectedAfterMs = System.currentTimeMillis() - stalledFrom;
                double dropped = Http.metric(gateway, "pulse_gateway_clients_dropped_slow_total");

                long p99Without = p99(readers, baselineFrom, baselineTo);
                long p99With = p99(readers, stalledFrom, stalledTo);
                long p50Without = percentile(readers, baselineFrom, baselineTo, 50);
                long p50With = percentile(readers, stalledFrom, stalledTo, 50);
                boolean readersKept = readers.stream().allMatch(c -> c.connections() == 1);

                Figures.of("slow-clients")
                        .put("readers", READERS)
                        .put("stalled", STALLED)
                        .put("windowS", window.toSeconds())
                        .put("eventsPerSecond", engines.size() * 3 * 20)
                        .put("p50WithoutMs", p50Without)
                        .put("p99WithoutMs", p99Without)
                        .put("p50WithMs", p50With)
                        .put("p99WithMs", p99With)
                        .put("stalledDisconnectedWithinMs", disconnectedAfterMs)
                        .put("droppedAsSlow", (long) dropped)
                        .put("heapMaxBaselineMiB", heapBaseline)
                        .put("heapMaxMiB", memory.maxHeapMib())
                        .put("rssMaxMiB", memory.maxRssMib())
                        .put("readersReconnected", readersKept ? 0 : "some")
                        .put("gatewayAlive", gateway.isAlive())
                        .report();

                assertThat(gateway.isAlive()).as("gateway alive").isTrue();
                assertThat(memory.maxHeapMib())
                        .as("gateway heap (MiB), -Xmx96m")
                        .isLessThan(96);
                assertThat(readersKept).as("reading clients were never cut").isTrue();
                // "Unaffected" on a shared 2-core machine: within twice the baseline plus 50 ms of noise.
                assertThat(p99With)
                        .as("readers' p99 with stalled clients vs %d ms without", p99Without)
                        .isLessThanOrEqualTo(2 * p99Without + 50);
            } finally {
                readers.forEach(SseClient::close);
                stalled.forEach(s -> {
                    try {
                        s.close();
                    } catch (IOException e) {
                        // closing anyway
                    }
                });
            }
        }
    }

    /** A client that asks for the stream and then never reads a byte (small receive window). */
    private static Socket stall(ServiceNode gateway) {
        try {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return socket;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a stalled client", e);
        }
    }

    private static long p99(List<SseClient> readers, long from, long to) {
        return percentile(readers, from, to, 99);
    }

    /** Delivery latency (arrival − the processor's emitted_at) of LIVE events that arrived in the window. */
    private static long percentile(List<SseClient> readers, long from, long to, double p) {
        List<Long> latencies = new ArrayList<>();
        for (SseClient client : readers) {
            client.events().stream()
                    .filter(e -> e.live() && e.atMs() >= from && e.atMs() <= to)
                    .forEach(e -> latencies.add(e.atMs() - e.emittedAtMs()));
        }
        return Gaps.percentile(latencies, p);
    }

    private static void pause(Duration window) {
        long until = System.currentTimeMillis() + window.toMillis();
        await().atMost(window.plusSeconds(5)).until(() -> System.currentTimeMillis() >= until);
    }
}

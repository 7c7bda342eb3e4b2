package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.faults.SseClient.Received;
import dev.pulse.process.Service;
import dev.pulse.testing.Hold;
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
 * Scenario 7: SSE clients that connect and never read, next to 10 that do. First 20 of them at the nominal rate (3
 * engines, 9 events/s): the gateway's bounded send buffer and write timeout must drop them within two idle timeouts,
 * though the kernel would buffer minutes of that stream. Then 100 at a high rate (540 events/s): the gateway's heap
 * must stay bounded, they must be dropped by the same policy (bounded queue, write timeout), and the reading clients'
 * p99 delivery latency must not suffer compared with a window without them.
 */
class SlowClientsIT {
    private static final int READERS = 10;
    private static final int STALLED = 100;
    private static final int NOMINAL_STALLED = 20;
    /** The gateway's default idle timeout (GATEWAY_IDLE_TIMEOUT); stalled clients must be gone within twice that. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void shouldDisconnectStalledClientsWithBoundedHeapAndLeaveTheOthersLatencyAlone() {
        Duration window = Duration.ofSeconds(Profile.pick(10, 30));
        List<String> engines = Partitions.covering("engine", 3);
        List<String> nominalEngines = Partitions.covering("nominal", 1);
        try (FaultStack stack = FaultStack.start("slow-clients");
                RawLoad nominal = new RawLoad(stack.bootstrapServers(), nominalEngines, Duration.ofSeconds(1));
                RawLoad load = new RawLoad(stack.bootstrapServers(), engines, Duration.ofMillis(50))) {
            ServiceNode processor = stack.node("processor", Service.PROCESSOR, Map.of());
            ServiceNode gateway = stack.node("gateway", Service.GATEWAY, Map.of("GATEWAY_MAX_CLIENTS_PER_IP", "1000"));
            FaultStack.startAll(processor, gateway);
            nominal.start();
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

                // At the nominal rate: the kernel would hold minutes of each stalled client's stream, the gateway's
                // send buffer and write timeout only seconds.
                long nominalFrom = System.currentTimeMillis();
                List<Socket> nominalStalled = new ArrayList<>();
                for (int i = 0; i < NOMINAL_STALLED; i++) {
                    nominalStalled.add(stall(gateway));
                }
                stalled.addAll(nominalStalled);
                await("stalled clients connected at the nominal rate")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> Http.metric(gateway, "pulse_gateway_connections") >= READERS + NOMINAL_STALLED);
                long nominalConnected = System.currentTimeMillis();
                Duration bound = IDLE_TIMEOUT.multipliedBy(2);
                await("stalled clients dropped at the nominal rate within 2 x GATEWAY_IDLE_TIMEOUT")
                        .atMost(bound)
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> Http.metric(gateway, "pulse_gateway_connections") <= READERS);
                long nominalDroppedAfterMs = System.currentTimeMillis() - nominalConnected;
                double nominalStalledWrites = droppedAs(gateway, "write_stalled");
                double nominalRate = liveEvents(readers.getFirst(), nominalFrom, System.currentTimeMillis())
                        * 1000.0
                        / (System.currentTimeMillis() - nominalFrom);

                load.start();
                await("readers streaming at the high rate")
                        .atMost(Duration.ofMinutes(2))
                        .until(() -> readers.stream()
                                .allMatch(c -> c.events().stream()
                                                .filter(e -> e.live() && engines.contains(e.engineId()))
                                                .count()
                                        >= 20));
                long baselineFrom = System.currentTimeMillis();
                Hold.holdFor(window);
                long baselineTo = System.currentTimeMillis();
                double heapBaseline = memory.maxHeapMib();

                long stalledFrom = System.currentTimeMillis();
                for (int i = 0; i < STALLED; i++) {
                    stalled.add(stall(gateway));
                }
                await("stalled clients connected")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> Http.metric(gateway, "pulse_gateway_connections") >= READERS + STALLED * 0.9);
                long stalledConnected = System.currentTimeMillis();
                Hold.holdFor(window);
                await("stalled clients disconnected by policy")
                        .atMost(IDLE_TIMEOUT.multipliedBy(2).plus(window))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> Http.metric(gateway, "pulse_gateway_connections") <= READERS);
                // The window with stalled clients lasts until the last is dropped: dropping them (their queues
                // full) is when a fan-out that waited for them would hold the readers back.
                long stalledTo = System.currentTimeMillis();
                long disconnectedAfterMs = stalledTo - stalledFrom;
                // From the end of the held window: how long the policy took once the clients had filled up.
                long droppedAfterWindowMs = stalledTo - stalledConnected - window.toMillis();
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
                        .put("nominalEventsPerSecond", nominalRate)
                        .put("nominalStalled", NOMINAL_STALLED)
                        .put("nominalDroppedWithinMs", nominalDroppedAfterMs)
                        .put("nominalBoundMs", bound.toMillis())
                        .put("nominalDroppedAsStalledWrite", (long) nominalStalledWrites)
                        .put("eventsPerSecond", engines.size() * 3 * 20 + nominalEngines.size() * 3)
                        .put("p50WithoutMs", p50Without)
                        .put("p99WithoutMs", p99Without)
                        .put("p50WithMs", p50With)
                        .put("p99WithMs", p99With)
                        .put("stalledDisconnectedWithinMs", disconnectedAfterMs)
                        .put("stalledDroppedAfterWindowMs", droppedAfterWindowMs)
                        .put("droppedAsSlow", (long) dropped)
                        .put("droppedQueueFull", (long) droppedAs(gateway, "queue_full"))
                        .put("droppedStalledWrite", (long) droppedAs(gateway, "write_stalled"))
                        .put("heapMaxBaselineMiB", heapBaseline)
                        .put("heapMaxMiB", memory.maxHeapMib())
                        .put("rssMaxMiB", memory.maxRssMib())
                        .put("readersReconnected", readersKept ? 0 : "some")
                        .put("gatewayAlive", gateway.isAlive())
                        .report();

                assertThat(gateway.isAlive()).as("gateway alive").isTrue();
                assertThat(nominalStalledWrites)
                        .as("stalled clients at the nominal rate dropped for their stalled writes")
                        .isEqualTo(NOMINAL_STALLED);
                assertThat(dropped)
                        .as("every stalled client counted as dropped")
                        .isEqualTo(NOMINAL_STALLED + STALLED);
                assertThat(memory.maxHeapMib())
                        .as("gateway heap (MiB), -Xmx96m")
                        .isLessThan(96);
                assertThat(readersKept).as("reading clients were never cut").isTrue();
                // "Unaffected", against the same run's baseline: the stalled clients cost the gateway only queue
                // inserts until each is dropped, so the readers' p99 may differ from the baseline window's by
                // scheduling noise alone. On a shared 2-core machine that noise stays within half the baseline
                // (the window with stalled clients is also longer, so it catches more of the rare pauses), plus
                // 50 ms (one GC pause or scheduler hiccup) for a small baseline. A fan-out that waits for a stalled
                // client, the regression this guards against, holds every reader back each time a queue fills.
                // Checked when this bound was set: with the gateway's ClientFeed.offer waiting 5 ms for room before
                // refusing a full queue, this assertion failed, and the former bound (2 × baseline + 50 ms) did
                // not; waiting without limit fails the disconnect check above.
                long allowedMs = p99Without + p99Without / 2 + 50;
                assertThat(p99With)
                        .as("readers' p99 with stalled clients vs %d ms without", p99Without)
                        .isLessThanOrEqualTo(allowedMs);
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

    private static double droppedAs(ServiceNode gateway, String reason) {
        return Http.metric(gateway, "pulse_gateway_clients_dropped_slow_total", "reason=\"" + reason + "\"");
    }

    private static long liveEvents(SseClient reader, long from, long to) {
        return reader.events().stream()
                .filter(e -> e.live() && e.atMs() >= from && e.atMs() <= to)
                .count();
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
}

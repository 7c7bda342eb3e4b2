package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.GraphValues;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.Topic;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@ExtendWith(KafkaClusterExtension.class)
class SlowClientIT {
    private static final int EVENTS = 500;
    private static final int BURST = 25;
    private static final int STALLED = 5;
    private static final Logger LOG = LoggerFactory.getLogger(SlowClientIT.class);

    @Test
    void shouldDropAClientThatStopsReadingWhileAFastOneKeepsReceiving(KafkaCluster cluster) throws Exception {
        Map<String, String> settings =
                Map.of("GATEWAY_CLIENT_BUFFER", "50", "GATEWAY_HEARTBEAT", "1s", "GATEWAY_IDLE_TIMEOUT", "3s");
        try (GatewayHarness gateway = GatewayHarness.start(cluster, settings);
                TestEvents kafka = new TestEvents(cluster);
                Socket slow = new Socket()) {
            // given: a client that connects and never reads, and one that reads
            String engine = TestEvents.engine("slow");
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", gateway.service().port()));
            OutputStream request = slow.getOutputStream();
            request.write(("GET /events?streams=graph&engine=" + engine + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            try (SseTestClient fast = SseTestClient.connect(gateway.uri("/events?streams=graph&engine=" + engine))) {
                Awaitility.await().until(() -> metric(gateway, "pulse_gateway_connections") == 2);

                // when: far more data than socket buffers and the 50-event queue hold, at the fast client's pace
                List<String> received = new ArrayList<>();
                for (int i = 1; i <= EVENTS; i += BURST) {
                    for (int j = i; j < i + BURST; j++) {
                        kafka.sendAsync(StreamName.GRAPH, engine, j, bigEvent(engine, j));
                    }
                    kafka.flush();
                    fast.take(BURST, Duration.ofSeconds(20)).forEach(e -> received.add(ResumeIT.key(e)));
                }

                // then: the fast client got every event, in order
                assertThat(received)
                        .hasSize(EVENTS)
                        .doesNotHaveDuplicates()
                        .last()
                        .isEqualTo("graph/" + engine + "/" + EVENTS);
                // and the slow one was dropped, its slot freed
                Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(metric(gateway, "pulse_gateway_clients_dropped_slow_total"))
                            .isGreaterThanOrEqualTo(1);
                    assertThat(metric(gateway, "pulse_gateway_connections")).isEqualTo(1);
                });
            }
        }
    }

    @Test
    void shouldDropClientsThatStopReadingAtTheNominalRateWithinTwoIdleTimeoutsWhileReadersGetEverything(
            KafkaCluster cluster) throws Exception {
        // given: the default send buffer, write timeout and idle timeout; 3 engines x 3 streams at 1 event/s each
        List<String> engines = List.of(TestEvents.engine("a"), TestEvents.engine("b"), TestEvents.engine("c"));
        String path = "/events?engine=" + String.join(",", engines);
        Duration bound = GatewayConfig.DEFAULT_IDLE_TIMEOUT.multipliedBy(2);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        List<Socket> stalled = new ArrayList<>();
        try (GatewayHarness gateway = GatewayHarness.start(cluster, Map.of("GATEWAY_MAX_CLIENTS_PER_IP", "50"));
                TestEvents kafka = new TestEvents(cluster);
                SseTestClient reader = SseTestClient.connect(gateway.uri(path));
                SseTestClient other = SseTestClient.connect(gateway.uri(path))) {
            AtomicLong sequence = new AtomicLong();
            pacer.scheduleAtFixedRate(
                    () -> {
                        long next = sequence.incrementAndGet();
                        for (String engine : engines) {
                            for (StreamName stream : StreamName.values()) {
                                kafka.sendAsync(stream, engine, next, TestEvents.json(stream, engine, next));
                            }
                        }
                    },
                    0,
                    1,
                    TimeUnit.SECONDS);
            // when: clients that ask for the same stream and never read a byte (a small receive window)
            for (int i = 0; i < STALLED; i++) {
                stalled.add(stall(gateway, path));
            }
            Awaitility.await().until(() -> metric(gateway, "pulse_gateway_connections") == 2 + STALLED);
            long stalledAt = System.nanoTime();

            // then: every stalled client is dropped within the bound, counted as a stalled write
            Awaitility.await()
                    .atMost(bound)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> metric(gateway, "pulse_gateway_connections") == 2);
            Duration droppedAfter = Duration.ofNanos(System.nanoTime() - stalledAt);
            LOG.info("stalled clients dropped afterMs={} boundMs={}", droppedAfter.toMillis(), bound.toMillis());
            assertThat(metric(gateway, "pulse_gateway_clients_dropped_slow_total", "reason=\"write_stalled\""))
                    .isEqualTo(STALLED);
            // and the readers got every event, on their first connection
            pacer.shutdownNow();
            assertThat(pacer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            kafka.flush();
            long rounds = sequence.get();
            List<String> expected = new ArrayList<>();
            for (String engine : engines) {
                for (StreamName stream : StreamName.values()) {
                    for (long i = 1; i <= rounds; i++) {
                        expected.add(stream.wireName() + "/" + engine + "/" + i);
                    }
                }
            }
            for (SseTestClient client : List.of(reader, other)) {
                List<String> keys = client.take(expected.size(), Duration.ofSeconds(20)).stream()
                        .map(ResumeIT::key)
                        .toList();
                assertThat(keys).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(client.ended()).isFalse();
            }
        } finally {
            pacer.shutdownNow();
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    /** A client that asks for the stream and never reads (4 KiB receive buffer, set before connecting). */
    private static Socket stall(GatewayHarness gateway, String path) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", gateway.service().port()));
        OutputStream request = socket.getOutputStream();
        request.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        request.flush();
        return socket;
    }

    /** About 20 KB of JSON: a long reason string. */
    private static byte[] bigEvent(String engine, long sequence) {
        Instant now = Instant.now();
        StreamEvent<StreamValues> event = new StreamEvent<>(
                engine,
                StreamName.GRAPH,
                EventStatus.STALE,
                1,
                sequence,
                now,
                now,
                0,
                "x".repeat(20_000),
                new GraphValues(1, 1, 0.1, 1, 1, 1, now),
                null,
                null);
        Topic<String, StreamEvent<StreamValues>> topic = PipelineTopics.PUBLIC.dashboard(StreamName.GRAPH);
        return topic.valueSerde().serializer().serialize(topic.name(), event);
    }

    static double metric(GatewayHarness gateway, String name) {
        return metric(gateway, name, "");
    }

    /** The sum of the metric's samples whose labels contain {@code label}. */
    static double metric(GatewayHarness gateway, String name, String label) {
        return SseTestClient.get(gateway.uri("/metrics"), Map.of())
                .body()
                .lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .filter(l -> l.substring(0, l.lastIndexOf(' ')).contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}

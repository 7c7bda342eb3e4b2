package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.StreamName;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class ConnectionLimitIT {
    private static final String HEALTH = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";

    @Test
    void shouldRefuseAConnectionPastTheLimitCleanlyAndServeTheNextOneWhenAConnectionCloses(KafkaCluster cluster)
            throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start(cluster, Map.of("GATEWAY_MAX_CONNECTIONS", "4"))) {
            int port = gateway.uri("/").getPort();
            List<Socket> held = new ArrayList<>();
            try {
                // given: kept-alive connections, each served once, up to the limit (the harness's own HTTP client may
                // keep one of the four)
                Socket refused = null;
                for (int i = 0; i < 5 && refused == null; i++) {
                    Socket socket = open(port);
                    held.add(socket);
                    socket.setSoTimeout(5_000);
                    String head;
                    try {
                        send(socket, HEALTH);
                        head = readHead(socket);
                    } catch (SocketException e) {
                        head = ""; // reset: closed before it could send or read
                    }
                    if (head.isEmpty()) {
                        refused = socket;
                    } else {
                        assertThat(head).startsWith("HTTP/1.1 200");
                    }
                }

                // then: the one past the limit was closed at once, without an answer (not left in the accept queue)
                assertThat(refused).as("a connection past the limit refused").isNotNull();
                assertThat(held.size()).as("connections served before").isGreaterThanOrEqualTo(4);

                // and a new one is served as soon as the gateway has seen one of the others go
                held.get(0).close();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> served(port));
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void shouldCloseTheOldestConnectionWithoutARequestAtTheLimitSoThatANewClientIsServed(KafkaCluster cluster)
            throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start(cluster, Map.of("GATEWAY_MAX_CONNECTIONS", "4"))) {
            int port = gateway.uri("/").getPort();
            List<Socket> halfOpen = new ArrayList<>();
            try {
                // given: the limit's worth of connections that never finish their request head (10 s head timeout)
                for (int i = 0; i < 4; i++) {
                    Socket socket = open(port);
                    halfOpen.add(socket);
                    send(socket, "GET /events HTTP/1.1\r\nHost: localhost\r\n");
                }

                // when: a client comes
                try (Socket client = open(port)) {
                    client.setSoTimeout(5_000);
                    send(client, HEALTH);

                    // then: it is served at once (not after the head timeout), and one half-open connection, the
                    // oldest in the order the gateway saw them open (its selector threads report them concurrently),
                    // is closed long before the head timeout
                    assertThat(readHead(client)).startsWith("HTTP/1.1 200");
                    Set<Socket> closed = new HashSet<>();
                    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
                        for (Socket socket : halfOpen) {
                            if (!closed.contains(socket) && closedWithin(socket, Duration.ofMillis(20))) {
                                closed.add(socket);
                            }
                        }
                        return !closed.isEmpty();
                    });
                    // only what the limit needs: one per connection past it (the harness's own keep-alive
                    // connection may count too), never all of them
                    assertThat(closed)
                            .as("half-open connections closed at the limit")
                            .hasSizeLessThan(halfOpen.size());
                }
            } finally {
                for (Socket socket : halfOpen) {
                    socket.close();
                }
            }
        }
    }

    /** Whether a new connection gets an answer to a request (it is closed afterwards). */
    private static boolean served(int port) throws IOException {
        try (Socket socket = open(port)) {
            socket.setSoTimeout(5_000);
            send(socket, HEALTH);
            return readHead(socket).startsWith("HTTP/1.1 200");
        } catch (SocketException e) {
            return false; // reset: refused
        }
    }

    private static boolean closedWithin(Socket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Test
    void shouldCloseAConnectionThatDripsItsRequestHeadButKeepAStreamThatOutlivesTheTimeout(KafkaCluster cluster)
            throws Exception {
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try (GatewayHarness gateway = GatewayHarness.start(cluster, Map.of("GATEWAY_REQUEST_HEAD_TIMEOUT", "1s"));
                TestEvents kafka = new TestEvents(cluster);
                Socket slow = open(gateway.uri("/").getPort())) {
            String engine = TestEvents.engine("head");
            try (SseTestClient stream = SseTestClient.connect(gateway.uri("/events?streams=memory&engine=" + engine))) {
                // given: a client that sends its head one header line every 200 ms, forever
                send(slow, "GET /health HTTP/1.1\r\nHost: localhost\r\n");
                drip.scheduleAtFixedRate(
                        () -> {
                            try {
                                send(slow, "X-Drip: 1\r\n");
                            } catch (IOException e) {
                                // closed by the gateway: what the test waits for
                            }
                        },
                        200,
                        200,
                        TimeUnit.MILLISECONDS);

                // then: the gateway closes it without an answer
                slow.setSoTimeout(10_000);
                long started = System.nanoTime();
                assertThat(readAll(slow)).isEmpty();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

                // and a stream that has been open longer than the timeout still gets its events
                kafka.send(StreamName.MEMORY, engine, 1);
                assertThat(ResumeIT.key(stream.next(Duration.ofSeconds(15)))).isEqualTo("memory/" + engine + "/1");
            }
        } finally {
            drip.shutdownNow();
        }
    }

    private static Socket open(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** The response head (up to the blank line). */
    private static String readHead(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String readAll(Socket socket) {
        try {
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }
}

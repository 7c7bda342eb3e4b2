package dev.pulse.collector.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.collector.EngineTarget;
import dev.pulse.common.model.ReadingKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An engine that sends its head at once and then its body a byte every 50 ms: no attempt may hold it for long. */
class DrippingEngineIT {
    private final ScheduledExecutorService drip = Executors.newScheduledThreadPool(2);
    private final CompletableFuture<Long> closedAtNanos = new CompletableFuture<>();
    private final CompletableFuture<Void> headSent = new CompletableFuture<>();
    private ServerSocket server;
    private HttpClient http;

    @BeforeEach
    void startDrippingEngine() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try {
                Socket socket = server.accept();
                readHead(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                headSent.complete(null);
                drip.scheduleAtFixedRate(
                        () -> {
                            try {
                                out.write(' ');
                                out.flush();
                            } catch (IOException e) {
                                closedAtNanos.complete(System.nanoTime());
                                throw new IllegalStateException("closed", e);
                            }
                        },
                        50,
                        50,
                        TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                closedAtNanos.completeExceptionally(e);
            }
        });
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1))
                .build();
    }

    @AfterEach
    void stop() throws IOException {
        drip.shutdownNow();
        server.close();
        http.close();
    }

    @Test
    void shouldGiveUpOnADrippedBodyAtTheTimeoutAndCloseTheConnection() throws Exception {
        HttpEngineClient client = client();
        long started = System.nanoTime();

        // when
        CompletableFuture<?> answer = client.fetch(ReadingKind.SYSTEM, Duration.ofMillis(300));

        // then: the attempt fails as a timeout soon after its time, and the engine sees its connection go
        Throwable failure = failureOf(answer);
        assertThat(failure).isInstanceOf(TimeoutException.class);
        assertThat(FailureCause.of(failure)).isEqualTo(FailureCause.TIMEOUT);
        long closed = closedAtNanos.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(closed - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void shouldAbortTheExchangeWhenTheTimeLimiterCancelsTheAttempt() throws Exception {
        HttpEngineClient client = client();
        CompletableFuture<?> answer = client.fetch(ReadingKind.SYSTEM, Duration.ofSeconds(60));
        // the engine has started dripping: the exchange is under way
        headSent.get(5, TimeUnit.SECONDS);
        long cancelled = System.nanoTime();

        // when: what resilience4j's TimeLimiter does at its limit
        answer.cancel(true);

        // then
        long closed = closedAtNanos.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(closed - cancelled)).isLessThan(Duration.ofSeconds(3));
    }

    private HttpEngineClient client() {
        return new HttpEngineClient(
                http, new EngineTarget("drip", URI.create("http://127.0.0.1:" + server.getLocalPort())), 65_536);
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(5, TimeUnit.SECONDS);
            throw new AssertionError("the dripped answer completed");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the attempt was still running 5 s later", e);
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
    }
}

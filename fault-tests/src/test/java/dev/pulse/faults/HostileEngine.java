package dev.pulse.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pulse.common.model.ReadingKind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An engine that answers what the simulator cannot: NaN and Infinity, 10 MB bodies, and slowloris answers that trickle
 * a byte at a time. {@code /health} always answers, so the collector keeps asking the data endpoints.
 */
final class HostileEngine implements AutoCloseable {
    /** What the data endpoints answer. */
    enum Mode {
        HEALTHY,
        NAN_TOKEN,
        NAN_STRING,
        INFINITY,
        HUGE_BODY,
        SLOWLORIS
    }

    static final int HUGE_BYTES = 10 * 1024 * 1024;

    private final HttpServer server;
    private final AtomicLong answers = new AtomicLong();
    private volatile Mode mode = Mode.HEALTHY;

    HostileEngine() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(
                "/health", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8)));
        for (ReadingKind kind : new ReadingKind[] {ReadingKind.SYSTEM, ReadingKind.MEMORY, ReadingKind.GRAPH}) {
            server.createContext(kind.defaultPath(), exchange -> data(exchange, kind));
        }
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    long answers() {
        return answers.get();
    }

    private void data(HttpExchange exchange, ReadingKind kind) throws IOException {
        answers.incrementAndGet();
        String valid = Readings.payload(kind, answers.get(), Instant.now()).toString();
        String number = switch (kind) {
            case SYSTEM -> "\"cpu_usage\":42.5";
            case MEMORY -> "\"hit_ratio\":0.9";
            default -> "\"density\":0.006";
        };
        String field = number.substring(0, number.indexOf(':') + 1);
        switch (mode) {
            case HEALTHY -> answer(exchange, 200, bytes(valid));
            case NAN_TOKEN -> answer(exchange, 200, bytes(valid.replace(number, field + "NaN")));
            case NAN_STRING -> answer(exchange, 200, bytes(valid.replace(number, field + "\"NaN\"")));
            case INFINITY -> answer(exchange, 200, bytes(valid.replace(number, field + "1e400")));
            case HUGE_BODY -> huge(exchange, valid);
            case SLOWLORIS -> slowloris(exchange, bytes(valid));
        }
    }

    /** A valid reading with a 10 MB field, streamed. */
    private static void huge(HttpExchange exchange, String valid) throws IOException {
        byte[] head = bytes(valid.substring(0, valid.length() - 1) + ",\"padding\":\"");
        byte[] tail = bytes("\"}");
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, (long) head.length + HUGE_BYTES + tail.length);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(head);
            for (int sent = 0; sent < HUGE_BYTES; sent += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, HUGE_BYTES - sent));
            }
            out.write(tail);
        } catch (IOException e) {
            // the collector stopped reading at its limit, as it should
        }
    }

    /** Headers at once, then a byte every 200 ms. */
    private static void slowloris(HttpExchange exchange, byte[] body) {
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            for (byte b : body) {
                out.write(b);
                out.flush();
                TimeUnit.MILLISECONDS.sleep(200); // the attack is being slow
            }
        } catch (IOException | InterruptedException e) {
            // the collector gave up, as it should
        }
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

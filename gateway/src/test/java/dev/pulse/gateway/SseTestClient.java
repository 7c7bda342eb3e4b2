package dev.pulse.gateway;

import dev.pulse.sse.SseEvent;
import dev.pulse.sse.SseParser;
import dev.pulse.testing.SseStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real HTTP client reading an SSE stream (java.net.http, no Accept header unless given), parsed by test-support's
 * {@link SseParser} as a browser would.
 */
final class SseTestClient implements AutoCloseable {
    record Event(String event, String id, String data) {}

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final List<String> retries = new ArrayList<>();
    private volatile boolean ended;
    private volatile String lastId;

    private SseTestClient(HttpResponse<InputStream> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            Thread.ofVirtual().start(this::read);
        }
    }

    static SseTestClient connect(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        headers.forEach(request::header);
        try {
            return new SseTestClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static SseTestClient connect(URI uri) {
        return connect(uri, Map.of());
    }

    /** A plain GET, body as text. */
    static HttpResponse<String> get(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    HttpHeaders headers() {
        return response.headers();
    }

    String body() {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try {
            SseStreamReader.read(
                    response.body(),
                    SseParser.Listener.of(this::received, comment -> comments.incrementAndGet(), this::retry));
        } catch (IOException e) {
            // closed
        } finally {
            ended = true;
        }
    }

    private void received(SseEvent event) {
        if (event.id() != null) {
            lastId = event.id();
        }
        events.add(new Event(event.event(), event.id(), event.data()));
    }

    private void retry(String value) {
        synchronized (retries) {
            retries.add(value);
        }
    }

    /** The next event, or an AssertionError after the timeout. */
    Event next(Duration timeout) {
        try {
            Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + timeout);
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Events until one matches (inclusive), skipping nothing: every event read is returned. */
    List<Event> until(Predicate<Event> last, Duration timeout) {
        List<Event> read = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            read.add(event);
            if (last.test(event)) {
                return read;
            }
        }
    }

    /** Exactly n events. */
    List<Event> take(int n, Duration timeout) {
        List<Event> read = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (read.size() < n) {
            read.add(next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
        }
        return read;
    }

    /**
     * Every event that arrives until none has for {@code quiet} (or {@code max} has passed): what a test expects to be
     * empty, so that a late duplicate or a stray replay has time to show up.
     */
    List<Event> drainUntilQuiet(Duration quiet, Duration max) {
        List<Event> read = new ArrayList<>();
        long deadline = System.nanoTime() + max.toNanos();
        try {
            Event event;
            while (System.nanoTime() < deadline
                    && (event = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                read.add(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return read;
    }

    int comments() {
        return comments.get();
    }

    List<String> retries() {
        synchronized (retries) {
            return List.copyOf(retries);
        }
    }

    boolean ended() {
        return ended;
    }

    String lastId() {
        return lastId;
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}

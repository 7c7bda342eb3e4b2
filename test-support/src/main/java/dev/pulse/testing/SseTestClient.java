package dev.pulse.testing;

import dev.pulse.sse.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real SSE client for tests: opens a stream with plain java.net.http (no {@code Accept} header unless given, like
 * {@code curl -N}), parses the text/event-stream format and keeps every event and comment it reads. Close it to hang
 * up.
 */
public final class SseTestClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<SseEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final int status;
    private final InputStream body;
    private final Thread reader;

    private SseTestClient(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.body = response.body();
        this.reader = Thread.ofVirtual().name("sse-test-client").start(this::read);
    }

    public static SseTestClient connect(URI uri) {
        return connect(uri, Map.of());
    }

    public static SseTestClient connect(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10));
        headers.forEach(request::header);
        try {
            return new SseTestClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return status;
    }

    /** Every event read so far, in order. */
    public List<SseEvent> events() {
        return new ArrayList<>(events);
    }

    public List<String> comments() {
        return new ArrayList<>(comments);
    }

    /** Whether the server ended the stream. */
    public boolean ended() {
        return !reader.isAlive();
    }

    private void read() {
        try {
            SseStreamReader.read(body, events::add, comments::add);
        } catch (IOException e) {
            // the stream ended or was closed
        }
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // closing anyway
        }
        reader.interrupt();
    }
}

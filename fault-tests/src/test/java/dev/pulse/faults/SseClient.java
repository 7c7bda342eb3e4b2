package dev.pulse.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import dev.pulse.testing.SseStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dashboard as the gateway sees one: an SSE client that stamps each event with its arrival time and, like a browser's
 * EventSource, reconnects by itself with {@code Last-Event-ID} when the stream ends, trying the replicas it knows in
 * turn.
 */
final class SseClient implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final long RECONNECT_DELAY_MS = 200;

    /** A frame without an id, as received. */
    record Notice(String event, String data, long atMs) {
        /** The {@code state} field of its JSON, or "" when it has none. */
        String state() {
            try {
                return Json.mapper().readTree(data).path("state").asText();
            } catch (IOException e) {
                return "";
            }
        }
    }

    /** One event as received: the stream event's fields parsed from {@code data:} (null for notices). */
    record Received(
            String id,
            String event,
            long atMs,
            int connection,
            String engineId,
            String status,
            long sequence,
            long emittedAtMs,
            long observedAtMs) {
        boolean live() {
            return "LIVE".equals(status);
        }

        String key() {
            return engineId + "/" + event;
        }
    }

    private final List<URI> replicas;
    private final String pathAndQuery;
    private final List<Received> events = new CopyOnWriteArrayList<>();
    private final List<Notice> notices = new CopyOnWriteArrayList<>();
    private final List<Long> disconnects = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread thread;
    private volatile String lastId;
    private volatile InputStream body;
    private volatile boolean closed;
    private volatile int replica;
    private volatile boolean held;

    SseClient(List<URI> replicas, String pathAndQuery) {
        this.replicas = List.copyOf(replicas);
        this.pathAndQuery = pathAndQuery;
        this.thread = Thread.ofPlatform().daemon().name("sse-client").start(this::run);
    }

    private void run() {
        while (!closed) {
            URI uri = replicas.get(replica).resolve(pathAndQuery);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30));
            if (lastId != null) {
                request.header("Last-Event-ID", lastId);
            }
            try {
                HttpResponse<InputStream> response =
                        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                body = response.body();
                if (response.statusCode() == 200) {
                    read(response.body(), connections.incrementAndGet());
                } else {
                    response.body().close();
                }
            } catch (IOException e) {
                // refused or broken: try again, elsewhere
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            disconnects.add(System.currentTimeMillis());
            replica = (replica + 1) % replicas.size();
            try {
                do {
                    TimeUnit.MILLISECONDS.sleep(
                            RECONNECT_DELAY_MS); // a client's reconnect back-off, as EventSource has
                } while (held && !closed);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read(InputStream in, int connection) throws IOException {
        SseStreamReader.read(in, event -> dispatch(event.id(), event.event(), event.data(), connection), comment -> {});
    }

    private void dispatch(String id, String event, String data, int connection) {
        long now = System.currentTimeMillis();
        if (id == null) {
            notices.add(new Notice(event, data, now));
            return;
        }
        lastId = id;
        try {
            JsonNode json = Json.mapper().readTree(data);
            events.add(new Received(
                    id,
                    event,
                    now,
                    connection,
                    json.path("engine_id").asText(),
                    json.path("status").asText(),
                    json.path("sequence").asLong(),
                    Instant.parse(json.path("emitted_at").asText()).toEpochMilli(),
                    Instant.parse(json.path("observed_at").asText()).toEpochMilli()));
        } catch (IOException | RuntimeException e) {
            events.add(new Received(id, event, now, connection, null, null, -1, -1, -1));
        }
    }

    /** While held, a disconnected client stays offline (a test controls what happens meanwhile). */
    void holdReconnects(boolean hold) {
        held = hold;
    }

    /** True while no stream is open. */
    boolean offline() {
        return disconnects.size() >= connections.get();
    }

    List<Received> events() {
        return new ArrayList<>(events);
    }

    List<String> notices() {
        return notices.stream().map(n -> n.event() + " " + n.data()).toList();
    }

    /** The notices (frames without an id) of one event name, e.g. {@code kafka}, with when each arrived. */
    List<Notice> notices(String event) {
        return notices.stream().filter(n -> n.event().equals(event)).toList();
    }

    List<Long> disconnects() {
        return new ArrayList<>(disconnects);
    }

    /** Streams opened so far (1 = never reconnected). */
    int connections() {
        return connections.get();
    }

    /** The replica the client is on (or will try next). */
    URI replica() {
        return replicas.get(replica);
    }

    @Override
    public void close() {
        closed = true;
        InputStream in = body;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        thread.interrupt();
    }
}

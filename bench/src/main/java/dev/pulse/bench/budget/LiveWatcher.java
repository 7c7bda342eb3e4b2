package dev.pulse.bench.budget;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A plain SSE client of one engine's streams that remembers when it last read a LIVE event and that event's
 * collected-at ({@code emitted_at - age_ms}): how a dashboard sees an engine come back.
 */
final class LiveWatcher implements AutoCloseable {
    /** The newest LIVE event read: when it was read and when its reading was collected. */
    record Live(Instant readAt, Instant collectedAt) {}

    private final AtomicReference<Live> last = new AtomicReference<>();
    private final Thread thread;
    private volatile InputStream body;

    LiveWatcher(String gatewayUrl, String engineId) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(gatewayUrl + "/events?streams=analytics,memory,graph&engine=" + engineId))
                .header("Accept", "text/event-stream")
                .build();
        thread = Thread.ofVirtual().name("live-watcher").start(() -> {
            try {
                body = HttpClient.newHttpClient()
                        .send(request, HttpResponse.BodyHandlers.ofInputStream())
                        .body();
                BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("data:") && line.contains("\"status\":\"LIVE\"")) {
                        last.set(new Live(Instant.now(), collectedAt(line)));
                    }
                }
            } catch (IOException e) {
                // closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static Instant collectedAt(String line) {
        int at = line.indexOf("\"emitted_at\":\"") + 14;
        Instant emitted = Instant.parse(line.substring(at, line.indexOf('"', at)));
        int age = line.indexOf("\"age_ms\":") + 9;
        int end = age;
        while (Character.isDigit(line.charAt(end))) {
            end++;
        }
        return emitted.minusMillis(Long.parseLong(line.substring(age, end)));
    }

    Live last() {
        return last.get();
    }

    @Override
    public void close() throws IOException {
        InputStream stream = body;
        if (stream != null) {
            stream.close();
        }
        thread.interrupt();
    }
}

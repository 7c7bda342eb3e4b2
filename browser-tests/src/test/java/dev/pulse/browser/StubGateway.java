package dev.pulse.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pulse.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Serves the dashboard's real files (and uPlot from its WebJar) and an {@code /events} stream the test scripts, with
 * the gateway's resume semantics: {@code ?lastEventId=} continues after that event, and its alerts: a client whose
 * {@code streams=} names {@code alerts} gets {@code alerts-active} (the active set) on every connect, then each
 * {@code alerts} transition, all without an id. It lets the page tests put the page in any state at once; the stack
 * tests cover the rest.
 */
final class StubGateway implements AutoCloseable {
    private static final byte[] DROP = new byte[0];
    private static final Map<String, String> TYPES =
            Map.of("html", "text/html", "js", "text/javascript", "css", "text/css", "png", "image/png");

    private final HttpServer server;
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final List<URI> eventRequests = new CopyOnWriteArrayList<>();
    private final List<URI> exportRequests = new CopyOnWriteArrayList<>();
    private final List<URI> alertRequests = new CopyOnWriteArrayList<>();
    private volatile boolean down;
    private volatile boolean rejectTokens;
    private List<Map<String, Object>> activeAlerts = List.of();

    /** One open stream: what it is sent, whether it asked for the alerts, and of which engines (empty: all). */
    private record Client(BlockingQueue<byte[]> queue, boolean alerts, Set<String> engines) {
        boolean wantsAlertsOf(Object engine) {
            return alerts && (engines.isEmpty() || engines.contains(String.valueOf(engine)));
        }
    }

    StubGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/events", this::events);
        server.createContext("/api/v1/alerts", this::alertsApi);
        server.createContext("/api/v1/export", this::export);
        server.createContext("/", this::file);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** Sends one event to every connected page and keeps it for resumes; returns its id. */
    synchronized String publish(String stream, String json) {
        String id = "t" + frames.size();
        String frame = "id: " + id + "\nevent: " + stream + "\ndata: " + json + "\n\n";
        frames.add(frame);
        for (Client client : clients) {
            client.queue().add(frame.getBytes(StandardCharsets.UTF_8));
        }
        return id;
    }

    /**
     * Sends events to every connected page without keeping them for resumes (a load test's live traffic): one write per
     * call, as the gateway batches what is queued.
     */
    void broadcast(List<String[]> streamAndJson) {
        StringBuilder chunk = new StringBuilder();
        for (String[] event : streamAndJson) {
            chunk.append("event: ")
                    .append(event[0])
                    .append("\ndata: ")
                    .append(event[1])
                    .append("\n\n");
        }
        byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
        for (Client client : clients) {
            client.queue().add(bytes);
        }
    }

    /**
     * The active alerts ({@link StubEvents#activeAlert} items) sent as {@code alerts-active} to each client that
     * connects from now on, filtered by its {@code engine=}; clients already connected get only transitions, as from
     * the gateway.
     */
    synchronized void alerts(List<Map<String, Object>> active) {
        this.activeAlerts = List.copyOf(active);
    }

    /**
     * Sends one {@code alerts} transition ({@link StubEvents#transition}) to every client that asked for the alerts of
     * its engine.
     */
    synchronized void alertTransition(String json) {
        Object engine;
        try {
            engine = Json.mapper().readTree(json).path("engine_id").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        byte[] frame = ("event: alerts\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (Client client : clients) {
            if (client.wantsAlertsOf(engine)) {
                client.queue().add(frame);
            }
        }
    }

    /** Requests the page made to {@code GET /api/v1/alerts} (it should take its alerts from the stream). */
    List<URI> alertRequests() {
        return new ArrayList<>(alertRequests);
    }

    List<URI> exportRequests() {
        return new ArrayList<>(exportRequests);
    }

    /** Sends a gateway notice ({@code event: error}) to every connected page. */
    void notice(String json) {
        notice("error", json);
    }

    /** Sends a notice without an id (e.g. {@code event: kafka}) to every connected page. */
    void notice(String event, String json) {
        for (Client client : clients) {
            client.queue().add(("event: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Ends every open stream, as a network blip or a gateway restart would. */
    void dropConnections() {
        clients.forEach(c -> c.queue().add(DROP));
    }

    /** While down, {@code /events} answers 503 (what a proxy says when no gateway is behind it). */
    void down(boolean down) {
        this.down = down;
        if (down) {
            dropConnections();
        }
    }

    /** While set, a resume token gets 400 with a JSON error, as the gateway answers a malformed one. */
    void rejectTokens(boolean reject) {
        this.rejectTokens = reject;
    }

    List<URI> eventRequests() {
        return new ArrayList<>(eventRequests);
    }

    int connectedClients() {
        return clients.size();
    }

    private void events(HttpExchange exchange) throws IOException {
        eventRequests.add(exchange.getRequestURI());
        if (down) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        String resume = query(exchange.getRequestURI(), "lastEventId");
        if (rejectTokens && resume != null) {
            byte[] error = "{\"error\":\"bad_request\",\"message\":\"malformed lastEventId\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(400, error.length);
            exchange.getResponseBody().write(error);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        String streams = query(exchange.getRequestURI(), "streams");
        String engines = query(exchange.getRequestURI(), "engine");
        Client client = new Client(
                new LinkedBlockingQueue<>(),
                streams != null && List.of(streams.split(",")).contains("alerts"),
                engines == null ? Set.of() : Set.of(engines.split(",")));
        BlockingQueue<byte[]> queue = client.queue();
        int from = resume == null ? 0 : Integer.parseInt(resume.substring(1)) + 1;
        try (OutputStream out = exchange.getResponseBody()) {
            synchronized (this) { // no event may fall between the replay and the registration
                for (int i = from; i < frames.size(); i++) {
                    out.write(frames.get(i).getBytes(StandardCharsets.UTF_8));
                }
                if (client.alerts()) { // not replayed: the active set of now, on every connect
                    String active = StubEvents.alerts(activeAlerts.stream()
                            .filter(a -> client.wantsAlertsOf(a.get("engine_id")))
                            .toList());
                    out.write(("event: alerts-active\ndata: " + active + "\n\n").getBytes(StandardCharsets.UTF_8));
                }
                clients.add(client);
            }
            out.flush();
            while (true) {
                byte[] frame = queue.poll(5, TimeUnit.SECONDS);
                if (frame == DROP) {
                    break;
                }
                out.write(frame == null ? ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8) : frame);
                out.flush();
            }
        } catch (IOException e) {
            // the page went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clients.remove(client);
            exchange.close();
        }
    }

    /** Only recorded: the page must not poll it. */
    private void alertsApi(HttpExchange exchange) throws IOException {
        alertRequests.add(exchange.getRequestURI());
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
    }

    /** Records the page's export request and answers a one-line CSV, as the gateway's export would start. */
    private void export(HttpExchange exchange) throws IOException {
        exportRequests.add(exchange.getRequestURI());
        byte[] bytes = "engine_id,stream,status\r\n".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/csv; charset=utf-8");
        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"pulse-export.csv\"");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private void file(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = null;
        if (path.startsWith("/webjars/")) {
            try (InputStream in = getClass().getResourceAsStream("/META-INF/resources" + path)) {
                body = in == null ? null : in.readAllBytes();
            }
        } else {
            Path file = Pages.publicDir()
                    .resolve(path.equals("/") ? "index.html" : path.substring(1))
                    .normalize();
            if (file.startsWith(Pages.publicDir()) && Files.isRegularFile(file)) {
                body = Files.readAllBytes(file);
            }
        }
        if (body == null) {
            exchange.sendResponseHeaders(404, -1);
        } else {
            String extension = path.substring(path.lastIndexOf('.') + 1);
            exchange.getResponseHeaders()
                    .set(
                            "Content-Type",
                            TYPES.getOrDefault(path.equals("/") ? "html" : extension, "application/octet-stream"));
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private static String query(URI uri, String name) {
        if (uri.getRawQuery() == null) {
            return null;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        dropConnections();
        server.stop(0);
    }
}

package dev.pulse.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Serves the dashboard's real files (and uPlot from its WebJar) and an {@code /events} stream the test scripts, with
 * the gateway's resume semantics: {@code ?lastEventId=} continues after that event. It lets the page tests put the page
 * in any state at once; the stack tests cover the rest.
 */
final class StubGateway implements AutoCloseable {
    private static final byte[] DROP = new byte[0];
    private static final Map<String, String> TYPES =
            Map.of("html", "text/html", "js", "text/javascript", "css", "text/css", "png", "image/png");

    private final HttpServer server;
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final List<BlockingQueue<byte[]>> clients = new CopyOnWriteArrayList<>();
    private final List<URI> eventRequests = new CopyOnWriteArrayList<>();
    private volatile boolean down;
    private volatile boolean rejectTokens;

    StubGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/events", this::events);
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
        for (BlockingQueue<byte[]> client : clients) {
            client.add(frame.getBytes(StandardCharsets.UTF_8));
        }
        return id;
    }

    /** Sends a gateway notice ({@code event: error}) to every connected page. */
    void notice(String json) {
        for (BlockingQueue<byte[]> client : clients) {
            client.add(("event: error\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Ends every open stream, as a network blip or a gateway restart would. */
    void dropConnections() {
        clients.forEach(c -> c.add(DROP));
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
        BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        int from = resume == null ? 0 : Integer.parseInt(resume.substring(1)) + 1;
        try (OutputStream out = exchange.getResponseBody()) {
            synchronized (this) { // no event may fall between the replay and the registration
                for (int i = from; i < frames.size(); i++) {
                    out.write(frames.get(i).getBytes(StandardCharsets.UTF_8));
                }
                clients.add(queue);
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
            clients.remove(queue);
            exchange.close();
        }
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

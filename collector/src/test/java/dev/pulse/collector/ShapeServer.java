package dev.pulse.collector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on a free port that answers fixed JSON per path: an engine whose API has another shape than the
 * built-in one. Paths without an answer get 404; with {@link #requireHeader} set, requests without it get 401.
 */
final class ShapeServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private volatile String requiredHeader;
    private volatile String requiredValue;

    ShapeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers {@code json} with 200 at {@code path} from now on. */
    ShapeServer answer(String path, String json) {
        answers.put(path, json);
        return this;
    }

    ShapeServer requireHeader(String name, String value) {
        requiredHeader = name;
        requiredValue = value;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String header = requiredHeader;
            if (header != null
                    && !requiredValue.equals(exchange.getRequestHeaders().getFirst(header))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String body = answers.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

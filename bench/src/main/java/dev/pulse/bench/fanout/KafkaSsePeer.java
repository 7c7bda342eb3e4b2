package dev.pulse.bench.fanout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wikimedia's KafkaSSE (npm kafka-sse 0.4.2) behind our 20-line Node server (bench/src/main/node/kafka-sse-server.js),
 * installed by install-kafka-sse.sh into a cache outside the repository, run on loopback as its own process.
 */
public final class KafkaSsePeer implements AutoCloseable {
    /** libuv refuses a larger thread pool; each client holds one thread in a blocking consume. */
    public static final int MAX_UV_THREADPOOL = 1024;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;

    private KafkaSsePeer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Path installDir() {
        String cache = System.getenv()
                .getOrDefault("PULSE_BENCH_CACHE", System.getProperty("user.home") + "/.cache/pulse-bench");
        return Path.of(cache, "kafka-sse");
    }

    /** Why the peer cannot run here, or empty when it is installed and node is on the PATH. */
    public static Optional<String> unavailableReason() {
        if (!Files.exists(installDir().resolve(".installed"))) {
            return Optional.of("kafka-sse is not installed in " + installDir()
                    + " (bench/src/main/node/install-kafka-sse.sh; bin/bench runs it)");
        }
        try {
            Process node = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            if (!node.waitFor(10, TimeUnit.SECONDS) || node.exitValue() != 0) {
                return Optional.of("node does not run");
            }
        } catch (IOException e) {
            return Optional.of("node is not on the PATH");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        return Optional.empty();
    }

    public static KafkaSsePeer start(Path home, int port, String bootstrap, int clients, Path log) {
        Path script = home.resolve("bench/src/main/node/kafka-sse-server.js");
        ProcessBuilder builder = new ProcessBuilder("node", "--expose-gc", script.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment()
                .put("NODE_PATH", installDir().resolve("node_modules").toString());
        builder.environment()
                .put("UV_THREADPOOL_SIZE", Integer.toString(Math.min(MAX_UV_THREADPOOL, Math.max(4, clients + 4))));
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("KAFKA_BROKERS", bootstrap);
        try {
            KafkaSsePeer peer = new KafkaSsePeer(builder.start(), port);
            peer.awaitHealthy();
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node", e);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (get("/health").startsWith("ok")) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            sleep(100);
        }
        throw new IllegalStateException("the kafka-sse peer did not start (see its log)");
    }

    /** V8 heap used after a full GC, in bytes. */
    public long heapUsedAfterGc() {
        Matcher m = Pattern.compile("\"heapUsed\":(\\d+)").matcher(get("/memory"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private String get(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

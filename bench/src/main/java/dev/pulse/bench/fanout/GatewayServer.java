package dev.pulse.bench.fanout;

import dev.pulse.bench.stack.BenchStack;
import dev.pulse.dev.Service;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Our gateway as its own process, with the JVM flags it is deployed with. */
final class GatewayServer implements SseServer {
    /**
     * The deployed flags' 96 MB heap holds about 3,000 streams (the gateway refuses more: 429 {@code limit_heap}, see
     * docs/gateway.md) and 10,000 need {@code -Xmx256m}: a fan-out replica gets a heap that is not what limits it, and
     * the JIT's C2 tier.
     */
    static final java.util.List<String> FANOUT_JVM_FLAGS =
            java.util.List.of("-XX:+UseSerialGC", "-Xss512k", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final BenchStack stack;
    private final BenchStack.Running running;

    GatewayServer(BenchStack stack, int clients) {
        this.stack = stack;
        String limit = Integer.toString(Math.max(100, clients + 100));
        this.running = stack.start(
                Service.GATEWAY,
                Map.of("GATEWAY_MAX_CLIENTS", limit, "GATEWAY_MAX_CLIENTS_PER_IP", limit),
                FANOUT_JVM_FLAGS);
    }

    @Override
    public String name() {
        return "pulse gateway";
    }

    @Override
    public long pid() {
        return running.pid();
    }

    @Override
    public int port() {
        return running.port();
    }

    @Override
    public String path() {
        return "/events?streams=analytics,memory,graph";
    }

    @Override
    public long heapAfterGc() {
        Path jcmd =
                Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
        try {
            Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            gc.waitFor(30, TimeUnit.SECONDS);
            String metrics = HTTP.send(
                            HttpRequest.newBuilder(URI.create(running.baseUrl() + "/metrics"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            return (long) metrics.lines()
                    .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        stack.stop(running);
    }
}

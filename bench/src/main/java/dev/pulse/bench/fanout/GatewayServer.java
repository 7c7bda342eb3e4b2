package dev.pulse.bench.fanout;

import dev.pulse.bench.stack.BenchStack;
import dev.pulse.process.Service;
import dev.pulse.process.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Our gateway as its own process, with the JVM flags it is deployed with. */
final class GatewayServer implements SseServer {
    /**
     * The deployed flags (config/jvm.options) with two overrides. The heap: the deployed 96 MB holds fewer streams than
     * the fan-out's largest counts (GATEWAY_MAX_CLIENTS defaults to what the heap holds, and a larger value needs a
     * larger -Xmx; see docs/gateway.md), so a fan-out replica gets a heap that is not what limits it. And the JIT's C2
     * tier (the C1-only flags dropped): the fan-out measures what a replica serving many clients can do, where C2's
     * faster code pays.
     */
    static final List<String> FANOUT_JVM_FLAGS = Stream.concat(
                    ServiceProcess.DEFAULT_JVM_FLAGS.stream()
                            .filter(flag -> !flag.startsWith("-Xmx")
                                    && !flag.startsWith("-XX:TieredStopAtLevel=")
                                    && !flag.startsWith("-XX:CICompilerCount=")),
                    Stream.of("-Xmx512m"))
            .toList();

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

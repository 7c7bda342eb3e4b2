package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.process.Service;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Scenario 8: a fuzz run of hostile HTTP requests against every endpoint of the gateway (export and alerts included,
 * with since/until/format parameters), the collector and the simulator (each its own process). Zero 5xx, zero stack
 * traces in any response, and every service still serving afterwards.
 */
@Isolated("its fuzzer keeps both cores busy")
class HostileHttpIT {
    /** The page's chart library, at the version the build filled into it (the pom's uplot.version). */
    private static final String UPLOT_SCRIPT = "/webjars/uplot/"
            + Objects.requireNonNull(System.getProperty("uplot.version"), "uplot.version, set by the pom")
            + "/dist/uPlot.iife.min.js";

    private static final String TOKEN = "fuzz-secret-token";
    private static final Pattern STACK_TRACE = Pattern.compile("(\\tat |\\n\\s*at [\\w$.]+\\(|\\b"
            + "(java|javax|jakarta|org\\.eclipse|io\\.javalin|com\\.fasterxml|dev\\.pulse)"
            + "\\.[\\w.$]*(Exception|Error)\\b)");
    private static final int MAX_READ = 256 * 1024;

    /** What the fuzz run saw on one service. */
    private record Tally(
            Map<Integer, Long> statuses,
            AtomicLong serverErrors,
            AtomicLong stackTraces,
            AtomicLong noAnswer,
            AtomicLong timeouts,
            AtomicLong badVersion,
            List<String> examples) {
        Tally() {
            this(
                    new ConcurrentHashMap<>(),
                    new AtomicLong(),
                    new AtomicLong(),
                    new AtomicLong(),
                    new AtomicLong(),
                    new AtomicLong(),
                    Collections.synchronizedList(new ArrayList<>()));
        }
    }

    @Test
    void shouldAnswerEveryHostileRequestWithoutA5xxOrAStackTraceAndKeepServing() throws Exception {
        int perService = Profile.pick(600, 5_000);
        try (FaultStack stack = FaultStack.start("hostile-http")) {
            ServiceNode simulator = stack.node("simulator", Service.SIMULATOR, Map.of());
            ServiceNode gateway = stack.node(
                    "gateway",
                    Service.GATEWAY,
                    Map.of("GATEWAY_AUTH_TOKEN", TOKEN, "GATEWAY_CORS_ORIGINS", "https://dash.example.com"));
            FaultStack.startAll(simulator, gateway);
            ServiceNode collector = stack.start(
                    "collector",
                    Service.COLLECTOR,
                    Map.of("ENGINE_URLS", "engine-1=http://127.0.0.1:" + simulator.port()));
            Map<String, Long> pids = EngineDownIT.pids(List.of(simulator, gateway, collector));

            Map<ServiceNode, HttpFuzzer> targets = Map.of(
                    gateway,
                            new HttpFuzzer(
                                    81,
                                    List.of(
                                            "/",
                                            "/events",
                                            "/api/v1/snapshot",
                                            "/api/v1/export",
                                            "/api/v1/alerts",
                                            "/health",
                                            "/ready",
                                            "/metrics",
                                            "/index.html",
                                            "/js/charts.js",
                                            UPLOT_SCRIPT,
                                            "/nope"),
                                    TOKEN),
                    collector,
                            new HttpFuzzer(82, List.of("/health", "/ready", "/metrics", "/api/v1/engines", "/"), null),
                    simulator,
                            new HttpFuzzer(
                                    83,
                                    List.of(
                                            "/health",
                                            "/api/v1/metrics/system",
                                            "/api/v1/insights/memory",
                                            "/api/v1/metrics/graph",
                                            "/engines/engine-7/api/v1/metrics/graph",
                                            "/admin/engines",
                                            "/admin/engines/engine-1/fault",
                                            "/admin/engines/engine-9/fault",
                                            "/metrics",
                                            "/ready"),
                                    null));
            Map<String, Tally> tallies = new TreeMap<>();
            long began = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (var target : targets.entrySet()) {
                    Tally tally = new Tally();
                    tallies.put(target.getKey().name(), tally);
                    List<byte[]> requests = new ArrayList<>();
                    for (int i = 0; i < perService; i++) {
                        requests.add(target.getValue().next());
                    }
                    for (int worker = 0; worker < 2; worker++) {
                        int first = worker;
                        runs.add(pool.submit(() -> {
                            for (int i = first; i < requests.size(); i += 2) {
                                send(target.getKey().port(), requests.get(i), tally);
                            }
                        }));
                    }
                }
                for (Future<?> run : runs) {
                    run.get();
                }
            } finally {
                pool.shutdownNow();
            }
            long tookMs = (System.nanoTime() - began) / 1_000_000;

            boolean stillServing = Http.healthy(simulator)
                    && Http.healthy(collector)
                    && Http.healthy(gateway)
                    && Http.get(simulator.uri("/api/v1/metrics/system")).status() == 200
                    && Http.get(gateway.uri("/api/v1/snapshot?access_token=" + TOKEN))
                                    .status()
                            == 200
                    && Http.get(gateway.uri("/api/v1/alerts?access_token=" + TOKEN))
                                    .status()
                            == 200
                    && Http.get(collector.uri("/api/v1/engines")).status() == 200;
            boolean noRestart = List.of(simulator, gateway, collector).stream()
                    .allMatch(n -> n.isAlive() && n.pid() == pids.get(n.name()));
            Figures figures = Figures.of("hostile-http")
                    .put("requestsPerService", perService)
                    .put("tookMs", tookMs);
            tallies.forEach((name, tally) -> figures.put(name + ".5xx", tally.serverErrors())
                    .put(name + ".stackTraces", tally.stackTraces())
                    .put(name + ".505ForBadVersion", tally.badVersion())
                    .put(name + ".noAnswer", tally.noAnswer())
                    .put(name + ".timeouts", tally.timeouts())
                    .put(name + ".statuses", new TreeMap<>(tally.statuses())));
            figures.put("stillServing", stillServing)
                    .put("serviceRestarts", noRestart ? 0 : "some")
                    .report();
            tallies.forEach((name, tally) -> tally.examples().stream()
                    .limit(5)
                    .forEach(e -> System.out.println("FAULT hostile-http " + name + " example: " + e)));

            for (var entry : tallies.entrySet()) {
                assertThat(entry.getValue().serverErrors().get())
                        .as(entry.getKey() + " 5xx answers")
                        .isZero();
                assertThat(entry.getValue().stackTraces().get())
                        .as(entry.getKey() + " answers with a stack trace")
                        .isZero();
            }
            assertThat(stillServing).as("every service still serving").isTrue();
            assertThat(noRestart).as("no service restarted").isTrue();
        }
    }

    private static void send(int port, byte[] request, Tally tally) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(3_000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                // the server may refuse the rest of an oversized request early; its answer still counts
            }
            String answer = read(socket.getInputStream(), tally);
            if (answer.isEmpty()) {
                tally.noAnswer().incrementAndGet();
                return;
            }
            int status = status(answer);
            tally.statuses().merge(status, 1L, Long::sum);
            String requestLine = new String(request, StandardCharsets.ISO_8859_1).split("\r\n", 2)[0];
            String firstLine = requestLine.substring(0, Math.min(120, requestLine.length()));
            String version = requestLine.substring(requestLine.lastIndexOf(' ') + 1);
            if (status == 505 && !version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
                // Jetty's parser answers a request line with an unknown protocol version (HTTP/9.9, HTTX) with
                // 505 HTTP Version Not Supported, as RFC 9110 says: the client's fault, not a server failure.
                tally.badVersion().incrementAndGet();
            } else if (status >= 500) {
                tally.serverErrors().incrementAndGet();
                tally.examples()
                        .add(status + " for " + firstLine + " -> "
                                + answer.substring(0, Math.min(300, answer.length())));
            }
            if (STACK_TRACE.matcher(answer).find()) {
                tally.stackTraces().incrementAndGet();
                tally.examples()
                        .add("stack trace for " + firstLine + " -> "
                                + answer.substring(0, Math.min(600, answer.length())));
            }
        } catch (IOException e) {
            tally.noAnswer().incrementAndGet();
        }
    }

    /** The answer as text (up to a limit); an event stream is cut after its first bytes. */
    private static String read(InputStream in, Tally tally) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                answer.write(buffer, 0, n);
                String sofar = answer.toString(StandardCharsets.ISO_8859_1);
                if (answer.size() >= MAX_READ || (sofar.contains("text/event-stream") && sofar.contains("\r\n\r\n"))) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            String sofar = answer.toString(StandardCharsets.ISO_8859_1);
            if (!sofar.contains("text/event-stream")) {
                tally.timeouts().incrementAndGet();
            }
        } catch (IOException e) {
            // reset after answering: what arrived counts
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }

    private static int status(String answer) {
        String[] first = answer.split("\r\n", 2)[0].split(" ");
        try {
            return first.length > 1 ? Integer.parseInt(first[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

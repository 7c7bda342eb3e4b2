package dev.pulse.bench.fanout;

import dev.pulse.bench.BenchOptions;
import dev.pulse.bench.load.LoadClientProcess;
import dev.pulse.bench.measure.Figure;
import dev.pulse.bench.measure.ProcessStats;
import dev.pulse.bench.stack.BenchStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 9.2: N concurrent SSE clients (a separate non-blocking process) on one gateway, then on Wikimedia's KafkaSSE,
 * reading the same three topics from the same broker while events are published at a fixed rate. Each server is started
 * fresh for each N so its idle memory per connection is measured from its own baseline.
 */
public final class FanOutBench {
    private static final Logger LOG = LoggerFactory.getLogger(FanOutBench.class);
    static final double P99_LIMIT_MS = 50;
    /** The gateway's JVM flags in this harness. */
    public static final List<String> GATEWAY_FLAGS = GatewayServer.FANOUT_JVM_FLAGS;

    /** One server at one client count. */
    public record Point(
            int clients,
            int open,
            int failed,
            Figure eventsPerSecond,
            double expectedPerSecond,
            Figure p50,
            Figure p99,
            Figure cpuPercent,
            double rssKbPerConnection,
            double heapKbPerConnection,
            double rssMb,
            int fds) {
        public boolean withinLimit() {
            return p99.median() < P99_LIMIT_MS
                    && failed <= clients / 100
                    && eventsPerSecond.median() >= 0.9 * expectedPerSecond;
        }
    }

    /** All points of one server, and why it stopped short of the largest count, if it did. */
    public record Series(String server, List<Point> points, String stoppedBecause) {
        public Optional<Point> at(int clients) {
            return points.stream().filter(p -> p.clients() == clients).findFirst();
        }

        public int largestWithinLimit() {
            return points.stream()
                    .filter(Point::withinLimit)
                    .mapToInt(Point::clients)
                    .max()
                    .orElse(0);
        }
    }

    /** Both servers; the peer is absent when it could not run here. */
    public record Outcome(Series ours, Optional<Series> peer, String peerSkippedBecause, int eventsPerSecond) {}

    private final BenchOptions options;

    public FanOutBench(BenchOptions options) {
        this.options = options;
    }

    public Outcome run() throws Exception {
        try (BenchStack stack =
                        BenchStack.start(options.home(), options.logDir().resolve("fanout"));
                EventPublisher publisher =
                        new EventPublisher(stack.bootstrapServers(), options.fanoutEventsPerSecond())) {
            Series ours = series(
                    "pulse gateway",
                    options.fanoutClients(),
                    n -> new GatewayServer(stack, n),
                    stack,
                    publisher,
                    false);
            Optional<String> unavailable =
                    options.peer() ? KafkaSsePeer.unavailableReason() : Optional.of("peer disabled (--no-peer)");
            Optional<Series> peer = Optional.empty();
            if (unavailable.isEmpty()) {
                peer = Optional.of(series(
                        "kafka-sse 0.4.2",
                        options.peerClients(),
                        n -> new PeerServer(stack, n),
                        stack,
                        publisher,
                        true));
            }
            return new Outcome(ours, peer, unavailable.orElse(""), options.fanoutEventsPerSecond());
        }
    }

    private Series series(
            String name,
            List<Integer> counts,
            IntFunction<SseServer> start,
            BenchStack stack,
            EventPublisher publisher,
            boolean stopAtLimit)
            throws InterruptedException {
        List<Point> points = new ArrayList<>();
        String stopped = "";
        long fdLimit = fdLimit();
        for (int clients : counts) {
            // kafka-sse holds ~2 broker connections per client (in this JVM) plus its own socket; ours holds 1.
            long fdsNeeded = stopAtLimit ? 3L * clients : clients;
            if (fdsNeeded > 0.9 * fdLimit) {
                stopped = "stopped before " + clients + " clients: they need ~" + fdsNeeded
                        + " file descriptors of the limit " + fdLimit;
                break;
            }
            if (stopAtLimit && clients > KafkaSsePeer.MAX_UV_THREADPOOL) {
                stopped = "stopped before " + clients + " clients: libuv caps UV_THREADPOOL_SIZE at "
                        + KafkaSsePeer.MAX_UV_THREADPOOL
                        + " and each client holds one pool thread in a blocking consume";
                break;
            }
            Point point = measure(name, clients, start, stack, publisher);
            points.add(point);
            // The peer stops once past its limit, but not before two counts: ratios need counts both ran.
            if (stopAtLimit && !point.withinLimit() && points.size() >= 2) {
                stopped = String.format(
                        Locale.ROOT,
                        "stopped at %d clients: p99 %.1f ms, %d of %d connected, %.0f of %.0f events/s",
                        clients,
                        point.p99().median(),
                        point.open(),
                        clients,
                        point.eventsPerSecond().median(),
                        point.expectedPerSecond());
                break;
            }
        }
        return new Series(name, points, stopped);
    }

    private Point measure(
            String name, int clients, IntFunction<SseServer> start, BenchStack stack, EventPublisher publisher)
            throws InterruptedException {
        LOG.info("fan-out server=\"{}\" clients={} starting", name, clients);
        try (SseServer server = start.apply(clients)) {
            Thread.sleep(2000);
            long baseRss = ProcessStats.rssBytes(server.pid());
            long baseHeap = server.heapAfterGc();
            try (LoadClientProcess client = LoadClientProcess.start(
                    "127.0.0.1",
                    server.port(),
                    server.path(),
                    clients,
                    "emitted",
                    stack.logDir().resolve("load-client.log"))) {
                LoadClientProcess.Connected connected = client.awaitConnected();
                Thread.sleep(2000 + clients / 5); // let the server finish setting up every stream
                int open = Math.max(1, connected.open());
                long idleRss = ProcessStats.rssBytes(server.pid());
                long idleHeap = server.heapAfterGc();
                int fds = ProcessStats.openFds(server.pid());
                publisher.active(true);
                Thread.sleep(options.warmup().toMillis());
                List<Double> rates = new ArrayList<>();
                List<Double> p50 = new ArrayList<>();
                List<Double> p99 = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                int stillOpen = open;
                for (int i = 0; i < options.repetitions(); i++) {
                    ProcessStats.CpuWindow window = ProcessStats.CpuWindow.start(server.pid());
                    LoadClientProcess.Window w = client.measure(options.window());
                    cpu.add(window.percentOfCore());
                    rates.add(w.eventsPerSecond());
                    p50.add(w.latency().p50());
                    p99.add(w.latency().p99());
                    stillOpen = w.open();
                    LOG.info(
                            "fan-out server=\"{}\" clients={} open={} events/s={} p99={}ms cpu={}%",
                            name,
                            clients,
                            w.open(),
                            w.eventsPerSecond(),
                            w.latency().p99(),
                            cpu.getLast());
                }
                long loadRss = ProcessStats.rssBytes(server.pid());
                publisher.active(false);
                return new Point(
                        clients,
                        Math.min(open, stillOpen),
                        connected.failed() + Math.max(0, open - stillOpen),
                        Figure.of(rates),
                        (double) options.fanoutEventsPerSecond() * open,
                        Figure.of(p50),
                        Figure.of(p99),
                        Figure.of(cpu),
                        (idleRss - baseRss) / 1024.0 / open,
                        baseHeap < 0 || idleHeap < 0 ? Double.NaN : (idleHeap - baseHeap) / 1024.0 / open,
                        loadRss / 1e6,
                        fds);
            }
        }
    }

    private static long fdLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    return Long.parseLong(line.substring(26).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown: assume the machine's documented limit
        }
        return 20_000;
    }
}

package dev.pulse.bench.budget;

import dev.pulse.bench.BenchOptions;
import dev.pulse.bench.e2e.EngineFleet;
import dev.pulse.bench.load.LoadClientProcess;
import dev.pulse.bench.measure.Figure;
import dev.pulse.bench.measure.ProcessStats;
import dev.pulse.bench.stack.BenchStack;
import dev.pulse.bench.stack.BenchStack.Running;
import dev.pulse.process.Service;
import dev.pulse.process.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 9.4: the seed's budgets at the nominal load (3 engines polled at 1 Hz, 10 dashboards): RSS and CPU of the
 * collector, processor and gateway from /proc, with the JVM flags they are deployed with; then engine outages: the time
 * from the engine answering again to the first LIVE event of it read by a dashboard.
 */
public final class BudgetBench {
    private static final Logger LOG = LoggerFactory.getLogger(BudgetBench.class);
    private static final Duration OUTAGE = Duration.ofSeconds(6);

    /** One service's figures over the measurement windows. */
    public record Usage(String service, Figure rssMb, Figure cpuPercent) {}

    public record Outcome(
            String variant,
            List<Usage> usage,
            Figure recoverySeconds,
            List<String> jvmFlags,
            Map<String, String> env) {}

    /** The JVM flags and environment the services run with in one variant. */
    public record Flags(String name, List<String> jvmFlags, Map<String, String> env) {
        public static final Flags DEPLOYED =
                new Flags("deployed flags", ServiceProcess.DEFAULT_JVM_FLAGS, ServiceProcess.DEFAULT_ENVIRONMENT);
        /**
         * The deployed flags with C2 back (tiered compilation, two compiler threads): what C1 only saves in RSS (code
         * cache, profiling data, compiler arenas) and what it costs in CPU at the nominal load.
         */
        public static final Flags WITH_C2 = new Flags(
                "deployed flags with C2",
                ServiceProcess.DEFAULT_JVM_FLAGS.stream()
                        .filter(f -> !f.startsWith("-XX:TieredStopAtLevel") && !f.startsWith("-XX:CICompilerCount"))
                        .toList(),
                ServiceProcess.DEFAULT_ENVIRONMENT);
    }

    private final BenchOptions options;

    public BudgetBench(BenchOptions options) {
        this.options = options;
    }

    public Outcome run(Flags flags) throws Exception {
        try (BenchStack stack = BenchStack.start(
                options.home(),
                options.logDir().resolve("budgets-" + flags.name().split(" ")[0]))) {
            Running simulator = stack.start(Service.SIMULATOR, Map.of());
            Map<Service, Running> services = new LinkedHashMap<>();
            Map<String, String> processorEnv = new HashMap<>(flags.env());
            processorEnv.put(
                    "PROCESSOR_STATE_DIR",
                    Files.createTempDirectory("pulse-bench-budget-").toString());
            services.put(Service.PROCESSOR, stack.start(Service.PROCESSOR, processorEnv, flags.jvmFlags()));
            services.put(Service.GATEWAY, stack.start(Service.GATEWAY, flags.env(), flags.jvmFlags()));
            Map<String, String> collectorEnv = new HashMap<>(flags.env());
            collectorEnv.putAll(new EngineFleet(3, Duration.ofSeconds(1)).collectorEnv(simulator.baseUrl()));
            services.put(Service.COLLECTOR, stack.start(Service.COLLECTOR, collectorEnv, flags.jvmFlags()));
            try (LoadClientProcess dashboards = LoadClientProcess.start(
                            "127.0.0.1",
                            services.get(Service.GATEWAY).port(),
                            "/events?streams=analytics,memory,graph",
                            10,
                            "emitted",
                            stack.logDir().resolve("load-client.log"));
                    LiveWatcher watcher =
                            new LiveWatcher(services.get(Service.GATEWAY).baseUrl(), "bench-1")) {
                dashboards.awaitConnected();
                Thread.sleep(options.warmup().toMillis());
                List<Usage> usage = measureUsage(services);
                Figure recovery = measureRecovery(simulator, watcher);
                return new Outcome(flags.name(), usage, recovery, flags.jvmFlags(), flags.env());
            }
        }
    }

    private List<Usage> measureUsage(Map<Service, Running> services) throws InterruptedException {
        Map<Service, List<Double>> rss = new LinkedHashMap<>();
        Map<Service, List<Double>> cpu = new LinkedHashMap<>();
        Duration window = options.budgetWindow().dividedBy(options.repetitions());
        for (int i = 0; i < options.repetitions(); i++) {
            Map<Service, ProcessStats.CpuWindow> windows = new LinkedHashMap<>();
            Map<Service, Long> peak = new LinkedHashMap<>();
            services.forEach((s, r) -> windows.put(s, ProcessStats.CpuWindow.start(r.pid())));
            long end = System.nanoTime() + window.toNanos();
            while (System.nanoTime() < end) {
                services.forEach((s, r) -> peak.merge(s, ProcessStats.rssBytes(r.pid()), Math::max));
                Thread.sleep(500);
            }
            windows.forEach(
                    (s, w) -> cpu.computeIfAbsent(s, k -> new ArrayList<>()).add(w.percentOfCore()));
            peak.forEach(
                    (s, bytes) -> rss.computeIfAbsent(s, k -> new ArrayList<>()).add(bytes / 1e6));
        }
        List<Usage> usage = new ArrayList<>();
        services.keySet()
                .forEach(s -> usage.add(new Usage(s.displayName(), Figure.of(rss.get(s)), Figure.of(cpu.get(s)))));
        return usage;
    }

    private Figure measureRecovery(Running simulator, LiveWatcher watcher) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI fault = URI.create(simulator.baseUrl() + "/admin/engines/bench-1/fault");
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < options.outages(); i++) {
            http.send(
                    HttpRequest.newBuilder(fault)
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"mode\":\"down\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            Thread.sleep(OUTAGE.toMillis());
            Instant back = Instant.now();
            http.send(HttpRequest.newBuilder(fault).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            LiveWatcher.Live live = watcher.last();
            while (System.nanoTime() < deadline
                    && (live == null || !live.collectedAt().isAfter(back))) {
                Thread.sleep(20);
                live = watcher.last();
            }
            double took = live != null && live.collectedAt().isAfter(back)
                    ? Duration.between(back, live.readAt()).toMillis() / 1000.0
                    : Double.NaN;
            LOG.info("recovery outage={} took={}s", i, took);
            seconds.add(took);
            Thread.sleep(2000);
        }
        return Figure.of(seconds);
    }
}

package dev.pulse.bench.report;

import dev.pulse.bench.ProcessingSetting;
import dev.pulse.bench.budget.BudgetBench;
import dev.pulse.bench.e2e.EndToEndBench;
import dev.pulse.bench.fanout.FanOutBench;
import dev.pulse.bench.jmh.JmhRunner;
import dev.pulse.bench.measure.Figure;
import dev.pulse.bench.throughput.StreamThreadTime;
import dev.pulse.bench.throughput.ThroughputBench;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** Turns each harness's outcome into its section: headline rows and the detailed tables. */
public final class Reports {
    private Reports() {}

    public static Section endToEnd(
            EndToEndBench.Outcome o, Optional<ThroughputBench.Outcome> throughput, String shippedDefault) {
        Section s = new Section("1. End to end (engine reading → SSE client)");
        EndToEndBench.Result top = o.rates().stream()
                .max(Comparator.comparingInt(EndToEndBench.Result::rate))
                .orElseThrow();
        Figure ratio = top.p99().over(o.floorP99());
        s.headline(
                String.format(
                        Locale.ROOT,
                        "p99 at %d readings/s, %s (ms)",
                        top.rate(),
                        top.setting().label()),
                top.p99().format(1),
                "< 50 ms",
                top.p99().median() < 50);
        s.headline(
                "  ÷ bare produce→consume p99 (floor " + o.floorP99().format(1) + " ms)",
                ratio.format(1) + "×",
                "",
                null);
        s.headline(
                "gateway's share of that p99 (SSE p99 − Kafka p99, ms)",
                top.gatewayP99Share().format(1),
                "< 10 ms",
                top.gatewayP99Share().median() < 10);
        s.headline(
                "commit interval chosen from the sweep",
                o.chosen().label() + " (shipped: " + shippedDefault + ")",
                "",
                null);
        s.text("Latency from the collector's collected-at (`emitted_at − age_ms` of each LIVE event) to the "
                + "moment a real SSE client "
                + "(its own process, non-blocking socket) reads it, through simulator → collector → "
                + "Kafka → processor → Kafka → gateway, "
                + "each its own process. Floor: a bare produce → consume round trip (acks=all, "
                + "read_committed) on the same broker, "
                + "same run: p50 " + o.floorP50().format(2) + " ms, p99 "
                + o.floorP99().format(2) + " ms. "
                + "Figures are medians of the repetitions with (min–max).");
        MarkdownTable sweep = new MarkdownTable(
                "setting",
                "readings/s",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "max ms",
                "p99 ÷ floor",
                "gateway share of p99 ms",
                "processor CPU % of a core",
                "processor max readings/s (pre-filled topic)");
        Map<ProcessingSetting, Figure> tp =
                throughput.map(ThroughputBench.Outcome::sweep).orElse(Map.of());
        for (EndToEndBench.Result r : o.sweep()) {
            sweep.row(
                    r.setting().label(),
                    r.delivered().format(0),
                    r.p50().format(1),
                    r.p95().format(1),
                    r.p99().format(1),
                    r.max().format(1),
                    r.p99().over(o.floorP99()).format(1),
                    r.gatewayP99Share().format(1),
                    r.processorCpu().format(0),
                    tp.containsKey(r.setting()) ? tp.get(r.setting()).format(0) : "n/a");
        }
        s.text("**Commit interval sweep** at " + o.sweep().getFirst().rate() + " readings/s offered:");
        s.table(sweep);
        s.text("Chosen: " + o.chosen().label()
                + " — the longest EOS commit interval whose p99 is under 50 ms (fewest transactions), "
                + "or else the EOS setting with the lowest p99.");
        MarkdownTable rates = new MarkdownTable(
                "readings/s offered",
                "engines",
                "LIVE events/s read",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "max ms",
                "p99 ÷ floor",
                "gateway share of p99 ms");
        for (EndToEndBench.Result r : o.rates()) {
            rates.row(
                    r.rate(),
                    String.format(Locale.ROOT, "%.0f/s offered", r.offeredRate()),
                    r.delivered().format(1),
                    r.p50().format(1),
                    r.p95().format(1),
                    r.p99().format(1),
                    r.max().format(1),
                    r.p99().over(o.floorP99()).format(1),
                    r.gatewayP99Share().format(1));
        }
        s.text("**Rates** with " + o.chosen().label() + ":");
        s.table(rates);
        s.text(Findings.endToEnd(o, throughput));
        return s;
    }

    public static Section fanOut(FanOutBench.Outcome o) {
        Section s = new Section("2. Gateway fan-out vs Wikimedia's KafkaSSE");
        FanOutBench.Series ours = o.ours();
        FanOutBench.Point last = ours.points().getLast();
        s.headline(
                "pulse gateway p99 at " + last.clients() + " clients (ms)",
                last.p99().format(1),
                "< 50 ms",
                last.p99().median() < 50);
        double idle = ours.points().stream()
                .filter(p -> p.clients() == last.clients())
                .mapToDouble(FanOutBench.Point::rssKbPerConnection)
                .findFirst()
                .orElse(Double.NaN);
        s.headline(
                "pulse gateway RSS per idle connection at " + last.clients() + " (KB)",
                String.format(Locale.ROOT, "%.1f", idle),
                "< 20 KB",
                idle < 20);
        s.headline(
                "largest client count with p99 < 50 ms: pulse",
                Integer.toString(ours.largestWithinLimit()),
                "10000",
                ours.largestWithinLimit() >= 10_000);
        if (o.peer().isPresent()) {
            FanOutBench.Series peer = o.peer().get();
            s.headline(
                    "largest client count with p99 < 50 ms: kafka-sse",
                    Integer.toString(peer.largestWithinLimit()),
                    "",
                    null);
            for (FanOutBench.Point p : peer.points()) {
                ours.at(p.clients()).ifPresent(q -> {
                    s.headline(
                            "ours ÷ peer at " + p.clients() + " clients: events/s, p99, RSS/conn, CPU",
                            q.eventsPerSecond().over(p.eventsPerSecond()).format(2) + ", "
                                    + q.p99().over(p.p99()).format(2) + ", "
                                    + fmt(q.rssKbPerConnection() / p.rssKbPerConnection()) + ", "
                                    + q.cpuPercent().over(p.cpuPercent()).format(2),
                            "",
                            null);
                });
            }
        } else {
            s.headline("kafka-sse peer", "skipped: " + o.peerSkippedBecause(), "", null);
        }
        s.text("Clients: one separate JVM holding every connection on non-blocking sockets in one selector "
                + "thread, reading "
                + "`/events?streams=analytics,memory,graph` (ours) or "
                + "`/dashboard.analytics,dashboard.memory,dashboard.graph` (kafka-sse). "
                + o.eventsPerSecond()
                + " events/s are published round-robin onto the three topics with `emitted_at` = send "
                + "time; latency "
                + "is emitted-at → client read (it includes the Kafka hop). Each server is started "
                + "fresh for each client count; memory per "
                + "connection = (RSS or heap after GC with N idle clients − before any client) ÷ N. CPU "
                + "in % of one core, under load. "
                + "The peer is Wikimedia's kafka-sse 0.4.2 (npm, one KafkaConsumer per client, library "
                + "defaults, e.g. 100 ms idle poll delay) "
                + "behind `bench/src/main/node/kafka-sse-server.js`, installed by the bench script into "
                + "`~/.cache/pulse-bench/kafka-sse` and "
                + "run on loopback with `UV_THREADPOOL_SIZE` = clients + 4 (max 1024). The gateway runs with `"
                + String.join(" ", FanOutBench.GATEWAY_FLAGS)
                + "`: with its deployed heap it refuses the streams past what that heap holds (429 `limit_heap`, "
                + "docs/gateway.md).");
        MarkdownTable t = new MarkdownTable(
                "server",
                "clients",
                "connected",
                "events/s delivered",
                "expected/s",
                "p50 ms",
                "p99 ms",
                "CPU % of a core",
                "RSS KB/idle conn",
                "heap KB/idle conn",
                "RSS under load MB",
                "fds");
        addRows(t, ours);
        o.peer().ifPresent(p -> addRows(t, p));
        s.table(t);
        if (!ours.stoppedBecause().isEmpty()) {
            s.text("pulse gateway: " + ours.stoppedBecause() + ".");
        }
        o.peer()
                .ifPresent(p -> s.text("kafka-sse: "
                        + (p.stoppedBecause().isEmpty()
                                ? "reached the largest configured count."
                                : p.stoppedBecause() + ".")));
        s.text(Findings.fanOut(o));
        return s;
    }

    private static void addRows(MarkdownTable t, FanOutBench.Series series) {
        for (FanOutBench.Point p : series.points()) {
            t.row(
                    series.server(),
                    p.clients(),
                    p.open(),
                    p.eventsPerSecond().format(0),
                    String.format(Locale.ROOT, "%.0f", p.expectedPerSecond()),
                    p.p50().format(1),
                    p.p99().format(1),
                    p.cpuPercent().format(0),
                    fmt(p.rssKbPerConnection()),
                    fmt(p.heapKbPerConnection()),
                    String.format(Locale.ROOT, "%.0f", p.rssMb()),
                    p.fds());
        }
    }

    public static Section throughput(ThroughputBench.Outcome o, List<JmhRunner.HotPath> hotPaths) {
        Section s = new Section("3. Processor throughput");
        if (o != null) {
            s.headline(
                    "processor ÷ pass-through (" + o.setting().label() + ")",
                    o.ratio().format(2),
                    "≥ 0.5",
                    o.ratio().median() >= 0.5);
            s.headline(
                    "processor readings/s (pass-through readings/s)",
                    o.ours().format(0) + " (" + o.passThrough().format(0) + ")",
                    "",
                    null);
            s.text(String.format(
                    Locale.ROOT,
                    "%,d mixed readings pre-filled (10 engines, system/memory/graph, 1 in 50 a status report, 1 in 100 "
                            + "unparseable, 1 in 100 invalid), read from the earliest offset by the real "
                            + "processor (packaged jar, own process, deployed "
                            + "JVM flags) and by a pass-through Kafka Streams app (bytes in → bytes out) with "
                            + "the same Streams settings and flags. "
                            + "Each app warms up on the first half of the input (its JIT compiles the hot path; "
                            + "an earlier version of this harness "
                            + "counted from the first commit and measured mostly the warm-up of the processor's "
                            + "larger hot path): rate = the second "
                            + "half's readings ÷ the time from the first commit covering half the input to the "
                            + "commit covering its end. "
                            + "Processor CPU: %.1f s per million readings.",
                    o.readings(),
                    o.cpuSecondsPerMillion()));
            MarkdownTable t = new MarkdownTable("", "readings/s");
            t.row("pulse processor", o.ours().format(0))
                    .row("pass-through", o.passThrough().format(0))
                    .row("ratio", o.ratio().format(2));
            s.table(t);
            MarkdownTable thread = new MarkdownTable(
                    "stream thread (Kafka Streams' own ratios)",
                    "process",
                    "commit",
                    "poll",
                    "punctuate",
                    "mean commit ms");
            threadRow(thread, "pulse processor", o.oursThread());
            threadRow(thread, "pass-through", o.passThread());
            s.text("Where each app's stream thread spent its time over the metrics window ending when it had "
                    + "caught up (`stream-thread-metrics`, KIP-444; median over the repetitions):");
            s.table(thread);
            s.text(Findings.throughput(o));
        }
        if (hotPaths != null && !hotPaths.isEmpty()) {
            MarkdownTable j = new MarkdownTable(
                    "JMH hot path (one reading per op)", "ns/op", "readings/s per core", "bytes allocated/op");
            for (JmhRunner.HotPath h : hotPaths) {
                s.headline(
                        "JMH " + h.name() + ": ns / bytes allocated per reading",
                        h.nanosPerOp().format(0) + " ns / " + fmt(h.bytesPerOp()) + " B",
                        "",
                        null);
                j.row(
                        h.name(),
                        h.nanosPerOp().format(0),
                        String.format(Locale.ROOT, "%,.0f", 1e9 / h.nanosPerOp().median()),
                        fmt(h.bytesPerOp()));
            }
            s.text("JMH (1 fork, SerialGC, `-prof gc`), median over iterations (min–max):");
            s.table(j);
        }
        return s;
    }

    public static Section budgets(List<BudgetBench.Outcome> outcomes) {
        Section s = new Section("4. The seed's budgets (1 Hz, 3 engines, 10 dashboards)");
        s.text("Each service runs from its packaged jar as its own process. RSS (peak over each window) and "
                + "CPU (% of one core) from "
                + "/proc/<pid>. Recovery: the simulator's engine goes down for 6 s (admin fault API); "
                + "the time from it answering again "
                + "to a dashboard client reading the first LIVE event collected after that. Two "
                + "variants of JVM flags, same run:");
        for (BudgetBench.Outcome o : outcomes) {
            MarkdownTable t = new MarkdownTable("service", "RSS MB", "CPU % of a core");
            for (BudgetBench.Usage u : o.usage()) {
                s.headline(
                        u.service() + " RSS MB / CPU %, " + o.variant(),
                        u.rssMb().format(0) + " / " + u.cpuPercent().format(1),
                        "< 100 MB / < 10 %",
                        u.rssMb().median() < 100 && u.cpuPercent().median() < 10);
                t.row(u.service(), u.rssMb().format(0), u.cpuPercent().format(1));
            }
            s.headline(
                    "recovery after an engine outage (s), " + o.variant(),
                    o.recoverySeconds().format(2),
                    "< 5 s (aim < 2 s)",
                    o.recoverySeconds().isMissing() ? null : o.recoverySeconds().median() < 5);
            s.text("**" + o.variant() + "**: `" + String.join(" ", o.jvmFlags()) + "`"
                    + (o.env().isEmpty() ? "" : " with env " + o.env()) + "; recovery "
                    + o.recoverySeconds().format(2) + " s.");
            s.table(t);
        }
        s.text(Findings.budgets(outcomes));
        return s;
    }

    private static void threadRow(MarkdownTable t, String app, List<StreamThreadTime> times) {
        t.row(
                app,
                Findings.percent(median(times, StreamThreadTime::processRatio)),
                Findings.percent(median(times, StreamThreadTime::commitRatio)),
                Findings.percent(median(times, StreamThreadTime::pollRatio)),
                Findings.percent(median(times, StreamThreadTime::punctuateRatio)),
                fmt(median(times, StreamThreadTime::commitLatencyMs)));
    }

    static double median(List<StreamThreadTime> times, ToDoubleFunction<StreamThreadTime> field) {
        return Figure.of(times.stream().map(field::applyAsDouble).toList()).median();
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }
}

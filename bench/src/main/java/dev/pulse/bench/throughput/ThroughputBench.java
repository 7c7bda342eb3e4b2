package dev.pulse.bench.throughput;

import dev.pulse.bench.BenchOptions;
import dev.pulse.bench.ProcessingSetting;
import dev.pulse.bench.measure.Figure;
import dev.pulse.bench.stack.BenchStack;
import dev.pulse.bench.stack.TopicEnds;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.kafka.EmbeddedKafkaBroker;
import dev.pulse.process.Service;
import dev.pulse.process.ServiceProcess;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 9.3: readings/s through the real processor (its packaged jar, its own process, its deployed JVM flags) from a
 * pre-filled raw topic, against a pass-through Kafka Streams app with the same settings on the same input. Each app
 * starts from the earliest offset under a fresh application id; the first half of the input warms it up (JVM start, JIT
 * compilation of the hot path) and the rate counts the second half: from the first commit covering half the input to
 * the one covering its end. Under EOS a commit is also when the outputs become visible. At that moment it also reads
 * where each app's stream thread spent its time ({@link StreamThreadTime}), from its {@code /metrics}.
 */
public final class ThroughputBench {
    private static final Logger LOG = LoggerFactory.getLogger(ThroughputBench.class);
    private static final String PASS_OUTPUT = "bench.passthrough";

    /** Headline: ours, the pass-through and their ratio; sweep: ours per processing setting. */
    public record Outcome(
            int readings,
            ProcessingSetting setting,
            Figure ours,
            Figure passThrough,
            Figure ratio,
            double cpuSecondsPerMillion,
            List<StreamThreadTime> oursThread,
            List<StreamThreadTime> passThread,
            int sweepReadings,
            Map<ProcessingSetting, Figure> sweep) {}

    private final BenchOptions options;
    private int runs;

    public ThroughputBench(BenchOptions options) {
        this.options = options;
    }

    public Outcome run(ProcessingSetting headline) throws Exception {
        List<Double> ours = new ArrayList<>();
        List<Double> pass = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<StreamThreadTime> oursThread = new ArrayList<>();
        List<StreamThreadTime> passThread = new ArrayList<>();
        try (BenchStack stack =
                BenchStack.start(options.home(), options.logDir().resolve("throughput"))) {
            prefill(stack.bootstrapServers(), options.throughputReadings());
            for (int i = 0; i < options.repetitions(); i++) {
                Rate o = runProcessor(stack, headline);
                Rate p = runPassThrough(stack, headline);
                ours.add(o.perSecond());
                pass.add(p.perSecond());
                ratios.add(o.perSecond() / p.perSecond());
                cpu.add(o.cpuSeconds() / options.throughputReadings() * 1e6);
                oursThread.add(o.threadTime());
                passThread.add(p.threadTime());
                LOG.info(
                        "throughput rep={} ours={}/s pass-through={}/s",
                        i,
                        Math.round(o.perSecond()),
                        Math.round(p.perSecond()));
            }
        }
        Map<ProcessingSetting, Figure> sweep = new LinkedHashMap<>();
        if (options.sweepThroughputReadings() > 0) {
            try (BenchStack stack =
                    BenchStack.start(options.home(), options.logDir().resolve("throughput-sweep"))) {
                prefill(stack.bootstrapServers(), options.sweepThroughputReadings());
                for (ProcessingSetting setting : options.sweep()) {
                    sweep.put(
                            setting, Figure.single(runProcessor(stack, setting).perSecond()));
                }
            }
        }
        return new Outcome(
                options.throughputReadings(),
                headline,
                Figure.of(ours),
                Figure.of(pass),
                Figure.of(ratios),
                Figure.of(cpu).median(),
                oursThread,
                passThread,
                options.sweepThroughputReadings(),
                sweep);
    }

    private record Rate(double perSecond, double cpuSeconds, StreamThreadTime threadTime) {}

    /** One look at the group's committed offsets. */
    private record Progress(long nanos, long done, double cpuSeconds) {}

    private Rate runProcessor(BenchStack stack, ProcessingSetting setting) throws Exception {
        String app = "bench-tp-" + (++runs);
        Map<String, String> env = new HashMap<>(setting.env());
        env.put("PROCESSOR_APPLICATION_ID", app);
        env.put(
                "PROCESSOR_STATE_DIR",
                Files.createTempDirectory("pulse-bench-tp-").toString());
        List<String> flags = new ArrayList<>(ServiceProcess.DEFAULT_JVM_FLAGS);
        if (System.getenv("BENCH_JFR") != null) {
            // Profile of the processor under load (see BENCHMARKS.md): jfr view hot-methods <file>
            flags.add("-XX:StartFlightRecording=filename=" + stack.logDir().resolve(app + ".jfr")
                    + ",settings=profile,dumponexit=true");
        }
        BenchStack.Running processor = stack.start(Service.PROCESSOR, env, flags);
        try {
            return awaitCaughtUp(
                    stack.bootstrapServers(),
                    app,
                    PipelineTopics.PUBLIC.raw().name(),
                    processor.pid(),
                    processor.baseUrl() + "/metrics");
        } finally {
            stack.stop(processor);
        }
    }

    private Rate runPassThrough(BenchStack stack, ProcessingSetting setting) throws Exception {
        String app = "bench-pass-" + (++runs);
        int metricsPort = EmbeddedKafkaBroker.freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ServiceProcess.DEFAULT_JVM_FLAGS);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                PassThroughMain.class.getName(),
                stack.bootstrapServers(),
                app,
                setting.guarantee(),
                Integer.toString(setting.commitMs()),
                Files.createTempDirectory("pulse-bench-pass-").toString(),
                PipelineTopics.PUBLIC.raw().name(),
                PASS_OUTPUT,
                Integer.toString(metricsPort)));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        stack.logDir().resolve("pass-through.log").toFile()))
                .start();
        try {
            return awaitCaughtUp(
                    stack.bootstrapServers(),
                    app,
                    PipelineTopics.PUBLIC.raw().name(),
                    process.pid(),
                    "http://127.0.0.1:" + metricsPort + "/metrics");
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static Rate awaitCaughtUp(String bootstrap, String group, String topic, long pid, String metricsUrl)
            throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, Long> end = TopicEnds.of(admin, topic);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
            Progress start = null;
            Progress previous =
                    new Progress(System.nanoTime(), 0, dev.pulse.bench.measure.ProcessStats.cpuSeconds(pid));
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                long done = end.keySet().stream()
                        .mapToLong(tp -> committed.get(tp) == null
                                ? 0
                                : committed.get(tp).offset())
                        .sum();
                Progress now =
                        new Progress(System.nanoTime(), done, dev.pulse.bench.measure.ProcessStats.cpuSeconds(pid));
                if (start == null && done >= total / 2) {
                    // A small input can cross half-way and end in one commit: time it from the observation before.
                    start = done < total ? now : previous;
                }
                if (done >= total && start != now) {
                    double seconds = (now.nanos() - start.nanos()) / 1e9;
                    double cpu = now.cpuSeconds() - start.cpuSeconds();
                    return new Rate(
                            (total - start.done()) / seconds,
                            cpu * total / Math.max(1, total - start.done()),
                            StreamThreadTime.scrape(metricsUrl));
                }
                previous = now;
                Thread.sleep(25);
            }
            throw new IllegalStateException(group + " did not catch up within 15 minutes");
        }
    }

    private static void prefill(String bootstrap, int readings) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(PASS_OUTPUT, 3, (short) 1)))
                    .all()
                    .get();
        }
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4");
        ReadingMix mix = new ReadingMix();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            String raw = PipelineTopics.PUBLIC.raw().name();
            for (int i = 0; i < readings; i++) {
                producer.send(new ProducerRecord<>(raw, ReadingMix.engineId(i), mix.value(i)));
            }
            producer.flush();
        }
    }
}

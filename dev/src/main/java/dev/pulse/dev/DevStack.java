package dev.pulse.dev;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.io.Directories;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.TopicSettings;
import dev.pulse.common.topic.TopicSetup;
import dev.pulse.kafka.EmbeddedKafkaBroker;
import dev.pulse.kafka.EmbeddedKafkaCluster;
import dev.pulse.process.Service;
import dev.pulse.process.ServiceProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The whole pipeline on one machine with nothing installed: a real Kafka broker in this JVM, and the simulator,
 * processor, gateway and collector each as its own process (the jars users deploy), so any one can be killed and
 * restarted while the rest run. Ctrl-C stops them all, then the broker.
 */
public final class DevStack implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final DevStackConfig config;
    private final PrintStream out;
    private final List<ServiceProcess> started = new ArrayList<>();
    private final Path stateDir = tempDir();
    private final Map<Service, Integer> ports = new HashMap<>();
    private EmbeddedKafkaBroker broker;
    private EmbeddedKafkaCluster cluster;
    private String bootstrapServers;

    public DevStack(DevStackConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public static void main(String[] args) {
        DevStackConfig config;
        try {
            config = DevStackConfig.fromEnv(
                    Env.system(),
                    Path.of(System.getProperty("pulse.home", "."))
                            .toAbsolutePath()
                            .normalize());
        } catch (ConfigException e) {
            System.err.println("dev stack: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        DevStack stack = new DevStack(config, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stack.close();
                            stopped.countDown();
                        },
                        "dev-stack-shutdown"));
        try {
            stack.start();
        } catch (RuntimeException e) {
            System.err.println("dev stack: failed to start: " + e.getMessage());
            System.exit(1);
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void start() {
        long began = System.nanoTime();
        TopicSettings topics = TopicSettings.DEFAULT;
        if (config.brokers() == 1) {
            broker = EmbeddedKafkaBroker.onPort(EmbeddedKafkaBroker.availableOr(config.kafkaPort()))
                    .start();
            bootstrapServers = broker.bootstrapServers();
        } else {
            cluster = EmbeddedKafkaCluster.start(config.brokers(), config.kafkaPort());
            bootstrapServers = cluster.bootstrapServers();
            topics = new TopicSettings(topics.partitions(), cluster.replicationFactor());
        }
        KafkaSettings kafka = KafkaSettings.of(bootstrapServers);
        TopicSetup.ensure(kafka, PipelineTopics.fromEnv(Env.system()), topics);

        config.ports().forEach((service, port) -> ports.put(service, EmbeddedKafkaBroker.availableOr(port)));
        String simulatorUrl = "http://127.0.0.1:" + ports.get(Service.SIMULATOR);
        String engineUrls = IntStream.rangeClosed(1, config.engines())
                .mapToObj(i -> i == 1
                        ? "engine-1=" + simulatorUrl
                        : "engine-" + i + "=" + simulatorUrl + "/engines/engine-" + i)
                .collect(Collectors.joining(","));

        Map<String, String> common = new HashMap<>();
        common.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        // The processor's internal topics (changelogs) get the same replication as the pipeline's.
        common.put("TOPIC_REPLICATION_FACTOR", Short.toString(topics.replicationFactor()));
        common.put("ENGINE_URLS", engineUrls);
        common.put("PROCESSOR_STATE_DIR", stateDir.toString());
        for (Service service : List.of(Service.SIMULATOR, Service.PROCESSOR, Service.GATEWAY, Service.COLLECTOR)) {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.putAll(common);
            env.putAll(config.environment());
            env.put(service.portVariable(), Integer.toString(ports.get(service)));
            // The collector watches either the simulated engines or those of the engines file, never both.
            env.remove("ENGINES_FILE");
            if (service == Service.COLLECTOR && config.enginesFile() != null) {
                env.remove("ENGINE_URLS");
                env.put("ENGINES_FILE", config.enginesFile().toString());
            }
            // The processor reads the file's thresholds only.
            if (service == Service.PROCESSOR && config.enginesFile() != null) {
                env.put("ENGINES_FILE", config.enginesFile().toString());
            }
            ServiceProcess process =
                    new ServiceProcess(service, config.projectHome(), env, ServiceProcess.DEFAULT_JVM_FLAGS, out);
            started.add(process.start());
        }
        // All start at once: none needs another to be up (the collector buffers, the gateway waits for
        // data), and JVM start-up dominates the stack's start time.
        for (ServiceProcess process : started) {
            process.awaitHealthy(ports.get(process.service()), START_TIMEOUT);
        }
        printSummary(Duration.ofNanos(System.nanoTime() - began));
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The HTTP port a service listens on. */
    public int port(Service service) {
        return ports.get(service);
    }

    private void printSummary(Duration took) {
        int gateway = ports.get(Service.GATEWAY);
        out.printf("%npulse dev stack is up in %.1f s%n", took.toMillis() / 1000.0);
        out.printf("  dashboard   http://localhost:%d/%n", gateway);
        out.printf("  events      curl -N http://localhost:%d/events%n", gateway);
        out.printf("  snapshot    curl http://localhost:%d/api/v1/snapshot%n", gateway);
        if (cluster == null) {
            out.printf(
                    "  kafka       %s (in this process, pid %d)%n",
                    bootstrapServers, ProcessHandle.current().pid());
        } else {
            out.printf(
                    "  kafka       %s (%d nodes, each its own process: %s; replication %d, min.insync.replicas 2)%n",
                    bootstrapServers, cluster.size(), cluster.pids(), cluster.replicationFactor());
        }
        for (ServiceProcess process : started) {
            out.printf(
                    "  %-10s  http://localhost:%d  (pid %d; /health /metrics)%n",
                    process.service().displayName(), ports.get(process.service()), process.pid());
        }
        if (config.enginesFile() != null) {
            out.printf("  engines     %s (the collector re-reads it when it changes)%n", config.enginesFile());
        }
        out.printf(
                "  engine down:  curl -X PUT -H 'Content-Type: application/json' -d '{\"mode\":\"down\"}' "
                        + "http://localhost:%d/admin/engines/engine-1/fault%n",
                ports.get(Service.SIMULATOR));
        out.printf(
                "  engine back:  curl -X DELETE http://localhost:%d/admin/engines/engine-1/fault%n",
                ports.get(Service.SIMULATOR));
        out.println("Ctrl-C stops everything.");
    }

    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            ServiceProcess process = started.get(i);
            int exit = process.stop(Duration.ofSeconds(15));
            out.printf("stopped %s (pid %d, exit %d)%n", process.service().displayName(), process.pid(), exit);
        }
        started.clear();
        if (broker != null) {
            broker.close();
            broker = null;
            out.println("stopped kafka");
        }
        if (cluster != null) {
            cluster.close();
            cluster = null;
            out.println("stopped the kafka cluster");
        }
        Directories.deleteRecursively(stateDir);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("pulse-dev-state-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.pulse.faults;

import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.topic.TopicSettings;
import dev.pulse.common.topic.TopicSetup;
import dev.pulse.dev.Service;
import dev.pulse.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A scenario's world: its own in-JVM Kafka broker (so one scenario's topics never leak into the next, and the broker
 * itself can be stopped and started), the pipeline's topics, and the services it starts as processes. Closing stops
 * every process it started, then the broker, whatever happened.
 */
final class FaultStack implements AutoCloseable {
    /** Partitions of every pipeline topic: more than one, so scale-out and resume tokens are tested for real. */
    static final int PARTITIONS = 3;

    private final String scenario;
    private final EmbeddedKafkaBroker broker;
    private final List<ServiceNode> nodes = new ArrayList<>();
    private final Path stateRoot;

    private FaultStack(String scenario, EmbeddedKafkaBroker broker, Path stateRoot) {
        this.scenario = scenario;
        this.broker = broker;
        this.stateRoot = stateRoot;
    }

    static FaultStack start(String scenario) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort();
        Path state;
        try {
            state = Files.createTempDirectory("pulse-faults-" + scenario + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FaultStack stack = new FaultStack(scenario, broker, state);
        try {
            broker.start();
            TopicSetup.ensure(KafkaSettings.of(broker.bootstrapServers()), new TopicSettings(PARTITIONS, (short) 1));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    static Path projectHome() {
        return ServiceJars.home();
    }

    EmbeddedKafkaBroker broker() {
        return broker;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** A service on a fresh port, not started yet; the stack stops it on close. */
    ServiceNode node(String name, Service service, Map<String, String> settings) {
        int port = EmbeddedKafkaBroker.freePort();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet()
                .removeIf(k -> k.startsWith("KAFKA_")
                        || k.startsWith("COLLECTOR_")
                        || k.startsWith("GATEWAY_")
                        || k.startsWith("PROCESSOR_")
                        || k.startsWith("SIMULATOR_")
                        || k.equals("ENGINE_URLS"));
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("TOPIC_PARTITIONS", Integer.toString(PARTITIONS));
        env.put(service.portVariable(), Integer.toString(port));
        if (service == Service.PROCESSOR) {
            env.put("PROCESSOR_STATE_DIR", stateRoot.resolve(name).toString());
        }
        env.putAll(settings);
        ServiceNode node = new ServiceNode(scenario, name, service, projectHome(), port, env);
        synchronized (nodes) {
            nodes.add(node);
        }
        return node;
    }

    /** A service on a fresh port, started and healthy. */
    ServiceNode start(String name, Service service, Map<String, String> settings) {
        return node(name, service, settings).start();
    }

    /** Starts the nodes side by side (JVM start-up dominates) and waits until all are healthy. */
    static void startAll(ServiceNode... nodes) {
        try (var starters = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<ServiceNode>> started = new ArrayList<>();
            for (ServiceNode node : nodes) {
                started.add(starters.submit(node::start));
            }
            for (var future : started) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Override
    public void close() {
        List<ServiceNode> started;
        synchronized (nodes) {
            started = new ArrayList<>(nodes);
        }
        // Stopped in parallel: each may take seconds to close its Kafka clients.
        started.parallelStream().forEach(node -> {
            try {
                node.close();
            } catch (RuntimeException e) {
                System.err.println("could not stop " + node.name() + ": " + e);
            }
        });
        try {
            broker.close();
        } finally {
            deleteRecursively(stateRoot);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }
}

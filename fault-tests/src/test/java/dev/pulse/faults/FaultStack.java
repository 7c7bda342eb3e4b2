package dev.pulse.faults;

import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.io.Directories;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.TopicSettings;
import dev.pulse.common.topic.TopicSetup;
import dev.pulse.kafka.EmbeddedKafkaBroker;
import dev.pulse.kafka.EmbeddedKafkaCluster;
import dev.pulse.kafka.ScramUser;
import dev.pulse.process.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A scenario's world: its own in-JVM Kafka broker (so one scenario's topics never leak into the next, and the broker
 * itself can be stopped and started), or a replicated cluster of broker processes ({@link #startReplicated}), the
 * pipeline's topics, and the services it starts as processes. Closing stops every process it started, then Kafka,
 * whatever happened.
 */
final class FaultStack implements AutoCloseable {
    /** Partitions of every pipeline topic: more than one, so scale-out and resume tokens are tested for real. */
    static final int PARTITIONS = 3;

    private final String scenario;
    private final EmbeddedKafkaBroker broker;
    private final EmbeddedKafkaCluster cluster;
    private final List<ServiceNode> nodes = new ArrayList<>();
    private final Path stateRoot;
    /** On a secured stack: the {@code KAFKA_*} variables each service logs in with. */
    private final Map<Service, Map<String, String>> logins;

    private FaultStack(
            String scenario,
            EmbeddedKafkaBroker broker,
            EmbeddedKafkaCluster cluster,
            Path stateRoot,
            Map<Service, Map<String, String>> logins) {
        this.scenario = scenario;
        this.broker = broker;
        this.cluster = cluster;
        this.stateRoot = stateRoot;
        this.logins = logins;
    }

    /**
     * A scenario on a cluster of {@code brokers} broker processes: topics (the processor's internal ones too) with
     * replication factor 3 and min.insync.replicas 2.
     */
    static FaultStack startReplicated(String scenario, int brokers) {
        return onCluster(scenario, EmbeddedKafkaCluster.start(brokers), Map.of());
    }

    /**
     * A scenario on a one-node secured cluster (SASL_SSL, ACLs; see {@link EmbeddedKafkaCluster#startSecured}): each
     * service of {@code users} logs in as its user through {@code KAFKA_*} variables alone, and may do what the ACLs
     * the scenario creates allow. The pipeline's topics are there from the start, created by the super user, as an
     * operator would. The cluster also knows {@code others}, users of no service.
     */
    static FaultStack startSecured(String scenario, Map<Service, ScramUser> users, List<ScramUser> others) {
        List<ScramUser> all = new ArrayList<>(users.values());
        all.addAll(others);
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.startSecured(1, all);
        Map<Service, Map<String, String>> logins = new EnumMap<>(Service.class);
        users.forEach((service, user) -> logins.put(service, variables(cluster.clientProperties(user))));
        return onCluster(scenario, cluster, logins);
    }

    /** The {@code KAFKA_*} variable of each client property. */
    static Map<String, String> variables(Map<String, String> clientProperties) {
        Map<String, String> variables = new HashMap<>();
        clientProperties.forEach((property, value) -> variables.put(KafkaSettings.variableOf(property), value));
        return variables;
    }

    private static FaultStack onCluster(
            String scenario, EmbeddedKafkaCluster cluster, Map<Service, Map<String, String>> logins) {
        FaultStack stack = new FaultStack(scenario, null, cluster, stateRoot(scenario), logins);
        try {
            Map<String, String> admin = new HashMap<>(cluster.superUserProperties());
            admin.put("bootstrap.servers", cluster.bootstrapServers());
            TopicSetup.ensure(
                    new KafkaSettings(cluster.bootstrapServers(), admin),
                    PipelineTopics.PUBLIC,
                    new TopicSettings(PARTITIONS, cluster.replicationFactor()));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private static Path stateRoot(String scenario) {
        try {
            return Files.createTempDirectory("pulse-faults-" + scenario + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FaultStack start(String scenario) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort();
        FaultStack stack = new FaultStack(scenario, broker, null, stateRoot(scenario), Map.of());
        try {
            broker.start();
            TopicSetup.ensure(
                    KafkaSettings.of(broker.bootstrapServers()),
                    PipelineTopics.PUBLIC,
                    new TopicSettings(PARTITIONS, (short) 1));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    static Path projectHome() {
        return ServiceJars.home();
    }

    /** The single broker (not on a replicated stack). */
    EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("this stack runs on a cluster: use cluster()");
        }
        return broker;
    }

    /** The replicated cluster (only on a stack of {@link #startReplicated}). */
    EmbeddedKafkaCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("this stack runs on one broker: use broker()");
        }
        return cluster;
    }

    /** Where the scenario's own loads and readers connect (on a secured stack, without logging in). */
    String bootstrapServers() {
        return broker != null ? broker.bootstrapServers() : cluster.inspectorBootstrapServers();
    }

    /** Where the services connect: on a secured stack, the SASL_SSL listeners. */
    private String serviceBootstrapServers() {
        return broker != null ? broker.bootstrapServers() : cluster.bootstrapServers();
    }

    /** A service on a fresh port, not started yet; the stack stops it on close. */
    ServiceNode node(String name, Service service, Map<String, String> settings) {
        return node(name, service, settings, List.of());
    }

    /** The same, started through a launcher (e.g. {@link ServiceNode#withDescriptorLimit}). */
    ServiceNode node(String name, Service service, Map<String, String> settings, List<String> launcher) {
        int port = EmbeddedKafkaBroker.freePort();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet()
                .removeIf(k -> k.startsWith("KAFKA_")
                        || k.startsWith("COLLECTOR_")
                        || k.startsWith("GATEWAY_")
                        || k.startsWith("PROCESSOR_")
                        || k.startsWith("SIMULATOR_")
                        || k.equals("ENGINE_URLS"));
        env.put("KAFKA_BOOTSTRAP_SERVERS", serviceBootstrapServers());
        env.put("TOPIC_PARTITIONS", Integer.toString(PARTITIONS));
        if (cluster != null) {
            env.put("TOPIC_REPLICATION_FACTOR", Short.toString(cluster.replicationFactor()));
        }
        env.putAll(logins.getOrDefault(service, Map.of()));
        env.put(service.portVariable(), Integer.toString(port));
        if (service == Service.PROCESSOR) {
            env.put("PROCESSOR_STATE_DIR", stateRoot.resolve(name).toString());
        }
        env.putAll(settings);
        ServiceNode node = new ServiceNode(scenario, name, service, projectHome(), port, env, launcher);
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
        try (var starters = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ServiceNode>> started = new ArrayList<>();
            for (ServiceNode node : nodes) {
                started.add(starters.submit(node::start));
            }
            for (var future : started) {
                try {
                    future.get();
                } catch (ExecutionException e) {
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
            if (broker != null) {
                broker.close();
            } else {
                cluster.close();
            }
        } finally {
            Directories.deleteRecursively(stateRoot);
        }
    }
}

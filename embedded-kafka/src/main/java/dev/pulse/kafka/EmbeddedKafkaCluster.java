package dev.pulse.kafka;

import dev.pulse.common.io.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster of several KRaft nodes (each broker and controller) on this machine, each node a JVM process of
 * its own ({@link KafkaNode}) so that one can be killed with SIGKILL. Replicated as production should be: replication
 * factor 3 (at most the node count) and {@code min.insync.replicas=2} for new topics and Kafka's internal ones
 * (offsets, transactions), so an acknowledged write survives the loss of any one node. Nodes keep their ports and log
 * directories across {@link #kill}, {@link #stop} and {@link #restart}.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final int size;
    private final int[] ports;
    private final int[] controllerPorts;
    private final Path root;
    private final String clusterId = Uuid.randomUuid().toString();
    private final Process[] processes;

    private EmbeddedKafkaCluster(int size, int basePort) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, got " + size);
        }
        this.size = size;
        this.ports = new int[size];
        this.controllerPorts = new int[size];
        this.processes = new Process[size];
        for (int i = 0; i < size; i++) {
            ports[i] = basePort == 0 ? EmbeddedKafkaBroker.freePort() : EmbeddedKafkaBroker.availableOr(basePort + i);
            controllerPorts[i] = basePort == 0
                    ? EmbeddedKafkaBroker.freePort()
                    : EmbeddedKafkaBroker.availableOr(basePort + size + i);
        }
        try {
            this.root = Files.createTempDirectory("pulse-kafka-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code size} nodes on free ports and waits until every one is a live broker of the cluster. */
    public static EmbeddedKafkaCluster start(int size) {
        return start(size, 0);
    }

    /**
     * Starts {@code size} nodes, their client ports from {@code basePort} on and their controller ports after those
     * (each taken port replaced by a free one; 0 = free ports), and waits until every one is a live broker.
     */
    public static EmbeddedKafkaCluster start(int size, int basePort) {
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(size, basePort);
        try {
            long began = System.nanoTime();
            for (int id = 1; id <= size; id++) {
                cluster.launch(id);
            }
            cluster.awaitBrokers(size);
            LOG.info(
                    "kafka cluster started nodes={} bootstrap={} tookMs={}",
                    size,
                    cluster.bootstrapServers(),
                    (System.nanoTime() - began) / 1_000_000);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        List<String> servers = new ArrayList<>();
        for (int port : ports) {
            servers.add("127.0.0.1:" + port);
        }
        return String.join(",", servers);
    }

    /** The replication factor of the pipeline's topics on this cluster: 3, or the node count if smaller. */
    public short replicationFactor() {
        return (short) Math.min(3, size);
    }

    /** Node ids are 1..size. */
    public int size() {
        return size;
    }

    /** The process id of each running node, by node id (killed nodes left out). */
    public synchronized String pids() {
        List<String> pids = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            if (processes[id - 1] != null) {
                pids.add(id + ":" + processes[id - 1].pid());
            }
        }
        return String.join(" ", pids);
    }

    /** SIGKILL: no shutdown, no flush, no leaving the quorum; the node's data stays for {@link #restart}. */
    public synchronized void kill(int nodeId) {
        Process process = processes[nodeId - 1];
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        processes[nodeId - 1] = null;
        LOG.info("kafka node killed node={} pid={}", nodeId, process.pid());
    }

    /**
     * Clean stop (SIGTERM): the node hands its leaderships over and leaves in order, as in a rolling restart. Its data
     * stays for {@link #restart}.
     */
    public synchronized void stop(int nodeId) {
        Process process = processes[nodeId - 1];
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        processes[nodeId - 1] = null;
        LOG.info("kafka node stopped node={} pid={}", nodeId, process.pid());
    }

    /**
     * Waits until the node is in the in-sync replicas of every partition of every topic (internal ones too): only then
     * may the next node of a rolling restart go down without a partition dropping below min.insync.replicas.
     */
    public void awaitInSync(int nodeId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    if (inSyncEverywhere(admin, nodeId)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // metadata not available yet: ask again
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("kafka node " + nodeId + " not in sync within " + timeout);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for node " + nodeId + " to be in sync", e);
        }
    }

    private static boolean inSyncEverywhere(Admin admin, int nodeId)
            throws ExecutionException, TimeoutException, InterruptedException {
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
                .names()
                .get(5, TimeUnit.SECONDS);
        return admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values().stream()
                .flatMap(topic -> topic.partitions().stream())
                .allMatch(partition -> partition.isr().stream().anyMatch(node -> node.id() == nodeId));
    }

    /**
     * Starts killed or stopped nodes again on their ports and data, and waits until every node is a broker of the
     * cluster again. All are launched before the wait: with two of three down, one alone cannot restore the quorum.
     */
    public synchronized void restart(int... nodeIds) {
        for (int nodeId : nodeIds) {
            if (processes[nodeId - 1] == null) {
                launch(nodeId);
            }
        }
        awaitBrokers(size);
    }

    /** The node id of the current leader of a partition (-1 if it has none). */
    public int leaderOf(String topic, int partition) {
        try (Admin admin = admin()) {
            TopicPartitionInfo info = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .get(partition);
            Node leader = info.leader();
            return leader == null || leader.isEmpty() ? -1 : leader.id();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        for (int id = 1; id <= size; id++) {
            Process process = processes[id - 1];
            if (process != null) {
                process.destroy();
            }
        }
        for (int id = 1; id <= size; id++) {
            Process process = processes[id - 1];
            if (process != null) {
                try {
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
                processes[id - 1] = null;
            }
        }
        if (!Directories.deleteRecursively(root)) {
            LOG.warn("could not delete {}", root);
        }
    }

    private void launch(int nodeId) {
        Path dir = root.resolve("node-" + nodeId);
        Path config = dir.resolve("server.properties");
        try {
            Files.createDirectories(dir);
            try (Writer out = Files.newBufferedWriter(config)) {
                properties(nodeId, dir.resolve("data")).store(out, "pulse kafka cluster node " + nodeId);
            }
            ProcessBuilder builder = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx384m",
                            "-XX:+UseSerialGC",
                            "--enable-native-access=ALL-UNNAMED",
                            "-cp",
                            System.getProperty("java.class.path"),
                            KafkaNode.class.getName(),
                            config.toString(),
                            clusterId)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("node.log").toFile()));
            processes[nodeId - 1] = builder.start();
            LOG.info(
                    "kafka node started node={} pid={} port={} log={}",
                    nodeId,
                    processes[nodeId - 1].pid(),
                    ports[nodeId - 1],
                    dir.resolve("node.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Properties properties(int nodeId, Path dataDir) {
        int port = ports[nodeId - 1];
        int controllerPort = controllerPorts[nodeId - 1];
        String voters = IntStream.rangeClosed(1, size)
                .mapToObj(id -> id + "@127.0.0.1:" + controllerPorts[id - 1])
                .collect(Collectors.joining(","));
        String replicas = Short.toString(replicationFactor());
        String minIsr = Integer.toString(Math.min(2, size));
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        // A killed node is fenced after this without heartbeats, and its partitions get new leaders: Kafka's 9 s
        // default would dominate every fail-over figure on a laptop cluster.
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "3000");
        return p;
    }

    private void awaitBrokers(int expected) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    int live = admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .size();
                    if (live >= expected) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not up yet
                }
                for (int i = 0; i < size; i++) {
                    if (processes[i] != null && !processes[i].isAlive()) {
                        throw new IllegalStateException("kafka node " + (i + 1) + " exited with "
                                + processes[i].exitValue() + ": see " + root.resolve("node-" + (i + 1) + "/node.log"));
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "kafka cluster did not have " + expected + " brokers within " + START_TIMEOUT);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the kafka cluster", e);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }
}

package dev.pulse.kafka;

import dev.pulse.common.io.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
 *
 * <p>{@link #startSecured} makes it a cluster as managed Kafka services run: clients and brokers talk SASL_SSL
 * (SCRAM-SHA-512 over TLS, with {@link TestCertificates} made for the run) and KRaft's {@code StandardAuthorizer}
 * denies everything no ACL allows. Only its super user, which the cluster's own admin client logs in as, needs no ACL.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final int size;
    private final int[] ports;
    private final int[] controllerPorts;
    /** A secured cluster's plaintext listener for the test's own readers (see {@link #inspectorBootstrapServers}). */
    private final int[] inspectorPorts;

    private final Path root;
    private final String clusterId = Uuid.randomUuid().toString();
    private final Process[] processes;
    /** Null for a plaintext cluster. */
    private final Security security;

    /**
     * What a secured cluster adds: its certificates, its super user and the users it knows from the start.
     *
     * @param certificates the test authority and the brokers' certificate
     * @param superUser the identity of the brokers' own connections and of this class's admin client
     * @param users everyone else; what each may do is up to the ACLs a test creates
     */
    private record Security(TestCertificates certificates, ScramUser superUser, List<ScramUser> users) {}

    private EmbeddedKafkaCluster(int size, int basePort, Security security) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, got " + size);
        }
        this.size = size;
        this.ports = new int[size];
        this.controllerPorts = new int[size];
        this.inspectorPorts = new int[size];
        this.processes = new Process[size];
        this.security = security;
        for (int i = 0; i < size; i++) {
            ports[i] = basePort == 0 ? EmbeddedKafkaBroker.freePort() : EmbeddedKafkaBroker.availableOr(basePort + i);
            controllerPorts[i] = basePort == 0
                    ? EmbeddedKafkaBroker.freePort()
                    : EmbeddedKafkaBroker.availableOr(basePort + size + i);
            inspectorPorts[i] = security == null ? 0 : EmbeddedKafkaBroker.freePort();
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
        return startWith(new EmbeddedKafkaCluster(size, basePort, null));
    }

    /**
     * Starts {@code size} secured nodes on free ports that know {@code users} (SCRAM credentials written when the
     * storage is formatted) and allow nothing to anyone but the super user until ACLs say so.
     */
    public static EmbeddedKafkaCluster startSecured(int size, List<ScramUser> users) {
        Path certificates;
        try {
            certificates = Files.createTempDirectory("pulse-kafka-tls-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Security security =
                new Security(TestCertificates.create(certificates), ScramUser.named("pulse-admin"), List.copyOf(users));
        return startWith(new EmbeddedKafkaCluster(size, 0, security));
    }

    private static EmbeddedKafkaCluster startWith(EmbeddedKafkaCluster cluster) {
        try {
            long began = System.nanoTime();
            for (int id = 1; id <= cluster.size; id++) {
                cluster.launch(id);
            }
            cluster.awaitBrokers(cluster.size);
            LOG.info(
                    "kafka cluster started nodes={} bootstrap={} secured={} tookMs={}",
                    cluster.size,
                    cluster.bootstrapServers(),
                    cluster.security != null,
                    (System.nanoTime() - began) / 1_000_000);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Where clients connect: on a secured cluster, its SASL_SSL listeners. */
    public String bootstrapServers() {
        return addresses(ports);
    }

    /**
     * Where a test's own readers and loads connect without logging in: on a secured cluster a plaintext listener on the
     * loopback address whose principal ({@code User:ANONYMOUS}) is a super user, so the checks of a scenario need no
     * ACLs of their own. The services under test are given {@link #bootstrapServers} only. On a plaintext cluster, the
     * same as that.
     */
    public String inspectorBootstrapServers() {
        return security == null ? bootstrapServers() : addresses(inspectorPorts);
    }

    private static String addresses(int[] ports) {
        List<String> servers = new ArrayList<>();
        for (int port : ports) {
            servers.add("127.0.0.1:" + port);
        }
        return String.join(",", servers);
    }

    /**
     * The client properties that log in as {@code user} on a secured cluster (for a service: each as a {@code KAFKA_*}
     * variable); none on a plaintext one.
     */
    public Map<String, String> clientProperties(ScramUser user) {
        return security == null ? Map.of() : user.clientProperties(security.certificates());
    }

    /** The client properties of the super user, who may do anything (none on a plaintext cluster). */
    public Map<String, String> superUserProperties() {
        return security == null ? Map.of() : clientProperties(security.superUser());
    }

    /** An admin client of the super user (on a plaintext cluster, of anyone); the caller closes it. */
    public Admin newAdmin() {
        Map<String, Object> config = new HashMap<>(superUserProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(config);
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
        try (Admin admin = newAdmin()) {
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
        try (Admin admin = newAdmin()) {
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
        for (Path dir : security == null
                ? List.of(root)
                : List.of(root, security.certificates().keystore().getParent())) {
            if (!Directories.deleteRecursively(dir)) {
                LOG.warn("could not delete {}", dir);
            }
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
            // The credentials go to the storage format in a file of their own: not on a command line, not in a log.
            Path credentials = dir.resolve("scram-credentials");
            Files.write(credentials, credentials());
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
                            clusterId,
                            credentials.toString())
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
        String clients = security == null ? "PLAINTEXT" : "SASL_SSL";
        String listeners = clients + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort
                + (security == null ? "" : ",INSPECTOR://127.0.0.1:" + inspectorPorts[nodeId - 1]);
        p.put("listeners", listeners);
        p.put("advertised.listeners", listeners);
        p.put("controller.listener.names", "CONTROLLER");
        p.put(
                "listener.security.protocol.map",
                clients + ":" + clients + ",CONTROLLER:PLAINTEXT" + (security == null ? "" : ",INSPECTOR:PLAINTEXT"));
        p.put("inter.broker.listener.name", clients);
        if (security != null) {
            p.putAll(secured());
        }
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

    /**
     * SASL_SSL for clients and between brokers (as the super user), and the authorizer. The controller and inspector
     * listeners stay plaintext on the loopback address: their principal, {@code User:ANONYMOUS}, must then be a super
     * user for the brokers' requests to the controllers, so a production cluster secures the one and has no other.
     */
    private Map<String, String> secured() {
        TestCertificates certificates = security.certificates();
        Map<String, String> p = new HashMap<>();
        p.put("sasl.enabled.mechanisms", ScramUser.MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", ScramUser.MECHANISM);
        p.put(
                "listener.name.sasl_ssl." + ScramUser.MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                security.superUser().jaasConfig());
        p.put("ssl.keystore.location", certificates.keystore().toString());
        p.put("ssl.keystore.password", certificates.password());
        p.put("ssl.key.password", certificates.password());
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.truststore.location", certificates.truststore().toString());
        p.put("ssl.truststore.password", certificates.password());
        p.put("ssl.truststore.type", "PKCS12");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", security.superUser().principal() + ";User:ANONYMOUS");
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /** One {@code --add-scram} argument per line; empty for a plaintext cluster. */
    private List<String> credentials() {
        if (security == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add(security.superUser().storageFormatArgument());
        security.users().forEach(user -> lines.add(user.storageFormatArgument()));
        return lines;
    }

    private void awaitBrokers(int expected) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = newAdmin()) {
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
}

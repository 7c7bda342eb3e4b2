package dev.pulse.kafka;

import dev.pulse.common.io.Directories;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker + controller) inside this JVM, from the Kafka jars on Maven Central:
 * no Docker. Serves the local stack and the integration tests.
 *
 * <p>It keeps its ports and log directory across {@link #stop()} and {@link #start()}, so fault tests can take the
 * broker away and bring the same one back.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    /** Every port {@link #freePort} has returned; a JVM asks for a few thousand at most. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final int controllerPort;
    private final Path logDir;
    private final boolean deleteOnClose;
    private final String clusterId = randomClusterId();
    private boolean formatted;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(int port, Path logDir, boolean deleteOnClose) {
        this.port = port;
        this.controllerPort = freePort();
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
    }

    /** A broker on a free port with a temporary log directory, deleted on close. */
    public static EmbeddedKafkaBroker onFreePort() {
        try {
            return new EmbeddedKafkaBroker(freePort(), Files.createTempDirectory("pulse-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A broker on the given port with a temporary log directory, deleted on close. */
    public static EmbeddedKafkaBroker onPort(int port) {
        try {
            return new EmbeddedKafkaBroker(port, Files.createTempDirectory("pulse-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A broker on the given port (0 = free) keeping its data in {@code logDir}. */
    public static EmbeddedKafkaBroker on(int port, Path logDir) {
        return new EmbeddedKafkaBroker(port == 0 ? freePort() : port, logDir, false);
    }

    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        long began = System.nanoTime();
        Properties properties = properties();
        if (!formatted) {
            format(properties);
            formatted = true;
        }
        KafkaRaftServer starting = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        // A taken port makes startup() hang rather than fail: bound it.
        CompletableFuture<Void> startup = CompletableFuture.runAsync(starting::startup);
        try {
            startup.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            starting.shutdown();
            throw new IllegalStateException("Kafka did not start within " + START_TIMEOUT + " on port " + port, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka failed to start on port " + port, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka", e);
        }
        server = starting;
        LOG.info(
                "kafka started bootstrap={} logDir={} tookMs={}",
                bootstrapServers(),
                logDir,
                (System.nanoTime() - began) / 1_000_000);
        return this;
    }

    /** Stops the broker but keeps its data and ports; {@link #start()} brings it back. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.info("kafka stopped bootstrap={}", bootstrapServers());
    }

    public boolean isRunning() {
        return server != null;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        stop();
        if (deleteOnClose) {
            if (!Directories.deleteRecursively(logDir)) {
                LOG.warn("could not delete {}", logDir);
            }
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        // A single node: exactly-once needs its internal topics to fit on one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    private void format(Properties properties) {
        try {
            Files.createDirectories(logDir);
            if (Files.exists(logDir.resolve("meta.properties"))) {
                return; // formatted by an earlier run of the dev stack
            }
            Path file = Files.createTempFile("pulse-kafka-", ".properties");
            try (var out = Files.newBufferedWriter(file)) {
                properties.store(out, "pulse embedded kafka");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exit = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", file.toString()},
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            Files.deleteIfExists(file);
            if (exit != 0) {
                throw new IllegalStateException(
                        "formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomClusterId() {
        // Kafka's own ids never start with '-', which the storage tool would read as an option.
        return Uuid.randomUuid().toString();
    }

    /**
     * A port nobody listens on right now, and not handed out before by this JVM. The kernel may give a just-closed
     * ephemeral port again: a fault scenario once started its processor and its gateway on the same port, and the
     * processor failed with "Port already in use".
     */
    public static int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The port if nobody listens on it, else a free one: a stack must come up next to other software. */
    public static int availableOr(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return port;
        } catch (IOException e) {
            return freePort();
        }
    }
}

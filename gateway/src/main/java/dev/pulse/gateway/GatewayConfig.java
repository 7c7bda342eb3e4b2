package dev.pulse.gateway;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.TopicSettings;
import dev.pulse.gateway.http.ClientAddresses;
import dev.pulse.gateway.http.JwtVerifier;
import dev.pulse.gateway.kafka.ClusterWatch;
import dev.pulse.gateway.kafka.TopicTailer;
import dev.pulse.gateway.sse.HeapCapacity;
import dev.pulse.gateway.tcp.ConnectionBudget;
import dev.pulse.gateway.tcp.TlsSettings;
import dev.pulse.ops.PublicOrigins;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Settings of one gateway replica, read from the environment (see docs/gateway.md).
 *
 * @param port {@code GATEWAY_PORT}, HTTP port; 0 picks a free one (tests)
 * @param tls {@code GATEWAY_TLS_KEYSTORE} or {@code GATEWAY_TLS_CERT} and {@code GATEWAY_TLS_KEY}: HTTPS (and HTTP/2)
 *     instead of HTTP; empty = plain HTTP
 * @param kafka {@code KAFKA_BOOTSTRAP_SERVERS} and {@code KAFKA_*} pass-through
 * @param topics how missing topics are created ({@code TOPIC_PARTITIONS}, ...)
 * @param topicNames {@code TOPIC_PREFIX}: the dashboard topics read (and created when missing)
 * @param authToken {@code GATEWAY_AUTH_TOKEN}; empty = no authentication
 * @param jwt {@code GATEWAY_JWT_SECRET}, {@code GATEWAY_JWT_SECRET_FILE} or {@code GATEWAY_JWT_JWKS} (with
 *     {@code GATEWAY_JWT_ISSUER}, {@code GATEWAY_JWT_AUDIENCE}): scoped JWT access; empty = none
 * @param corsOrigins {@code GATEWAY_CORS_ORIGINS}, origins allowed besides the page's own; empty = same origin only
 * @param publicOrigins {@code GATEWAY_PUBLIC_ORIGINS}, the names (Host) the gateway answers to besides loopback ones
 * @param clientAddresses {@code GATEWAY_TRUSTED_PROXIES}, whose {@code X-Forwarded-For} names the client
 * @param heartbeat {@code GATEWAY_HEARTBEAT}, comment sent on an idle stream; below the idle timeout
 * @param retry {@code GATEWAY_RETRY}, the {@code retry:} reconnect hint given to clients
 * @param idleTimeout {@code GATEWAY_IDLE_TIMEOUT}, Jetty closes a connection silent (or stuck) this long
 * @param writeTimeout {@code GATEWAY_WRITE_TIMEOUT}, a client whose socket has not taken a write for this long stopped
 *     reading: it is dropped; below the idle timeout
 * @param sendBufferBytes {@code GATEWAY_SEND_BUFFER}, the send buffer (SO_SNDBUF) of every accepted socket: what the
 *     kernel holds for a client that stopped reading before its writes stall (Linux allots twice this)
 * @param requestHeadTimeout {@code GATEWAY_REQUEST_HEAD_TIMEOUT}, a new connection's first request head must be in
 *     within this
 * @param maxConnections {@code GATEWAY_MAX_CONNECTIONS}, TCP connections accepted at once; 0 = sized from the heap and
 *     the descriptor limit; never more than the heap's streams plus {@link ConnectionBudget#SHORT_REQUEST_ROOM}
 * @param maxClients {@code GATEWAY_MAX_CLIENTS}, concurrent streams per replica; by default what the heap holds (at
 *     most {@link #DEFAULT_MAX_CLIENTS}), and never more than that
 * @param maxClientsPerIp {@code GATEWAY_MAX_CLIENTS_PER_IP}, concurrent streams per client address
 * @param clientBuffer {@code GATEWAY_CLIENT_BUFFER}, events queued per client before it is dropped as slow
 * @param maxCatchUps {@code GATEWAY_MAX_CATCHUPS}, resumes replaying from Kafka at the same time
 * @param maxCatchUpsPerIp {@code GATEWAY_MAX_CATCHUPS_PER_IP}, of those, how many one client address may hold
 * @param heapPerClientKb {@code GATEWAY_HEAP_PER_CLIENT_KB}, heap budgeted per client when capping the client count to
 *     what the heap holds
 * @param partitionCheckInterval {@code GATEWAY_PARTITION_CHECK_INTERVAL}, how often the dashboard topics' partition
 *     counts are checked for partitions added while the gateway runs
 * @param kafkaCheckInterval {@code GATEWAY_KAFKA_CHECK_INTERVAL}, how often the brokers are tried, so clients are told
 *     (the {@code kafka} notice) when Kafka cannot take the processor's writes
 */
public record GatewayConfig(
        int port,
        Optional<TlsSettings> tls,
        KafkaSettings kafka,
        TopicSettings topics,
        PipelineTopics topicNames,
        Optional<String> authToken,
        Optional<JwtVerifier> jwt,
        List<String> corsOrigins,
        PublicOrigins publicOrigins,
        ClientAddresses clientAddresses,
        Duration heartbeat,
        Duration retry,
        Duration idleTimeout,
        Duration writeTimeout,
        int sendBufferBytes,
        Duration requestHeadTimeout,
        int maxConnections,
        int maxClients,
        int maxClientsPerIp,
        int clientBuffer,
        int maxCatchUps,
        int maxCatchUpsPerIp,
        int heapPerClientKb,
        Duration partitionCheckInterval,
        Duration kafkaCheckInterval) {

    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RETRY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** The most streams a replica takes by default, if its heap holds them (else what it holds). */
    public static final int DEFAULT_MAX_CLIENTS = 10_000;
    /**
     * Long enough for a client on a poor network to take a piece of at most {@code FrameWriter.MAX_WRITE_BYTES}, short
     * enough that a client that stopped reading is dropped well within two idle timeouts (docs/gateway.md). A shorter
     * idle timeout makes the default half of it.
     */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Bounds what the kernel holds for a client that stopped reading (instead of the up to 4 MB Linux autotunes to),
     * while a far client still gets a snapshot at twice this per round trip.
     */
    public static final int DEFAULT_SEND_BUFFER_BYTES = 32 * 1024;
    /** Long enough for a slow network to deliver a request head, short enough that held sockets turn over. */
    public static final Duration DEFAULT_REQUEST_HEAD_TIMEOUT = Duration.ofSeconds(10);

    public static final int DEFAULT_MAX_CLIENTS_PER_IP = 100;
    public static final int DEFAULT_CLIENT_BUFFER = 1000;
    public static final int DEFAULT_MAX_CATCHUPS = 16;
    public static final int DEFAULT_MAX_CATCHUPS_PER_IP = 4;
    /**
     * An idle client's measured heap (Jetty's connection and request objects, most of it) plus room for an active one's
     * queued frames and the batch being written. The measured figure: BENCHMARKS.md (gateway fan-out, heap per idle
     * connection) and docs/gateway.md.
     */
    public static final int DEFAULT_HEAP_PER_CLIENT_KB = 12;

    public GatewayConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(topicNames, "topicNames");
        Objects.requireNonNull(publicOrigins, "publicOrigins");
        Objects.requireNonNull(clientAddresses, "clientAddresses");
        Objects.requireNonNull(partitionCheckInterval, "partitionCheckInterval");
        Objects.requireNonNull(kafkaCheckInterval, "kafkaCheckInterval");
        authToken = authToken.filter(t -> !t.isBlank());
        corsOrigins = List.copyOf(corsOrigins);
        maxCatchUpsPerIp = Math.min(maxCatchUpsPerIp, maxCatchUps);
        for (String origin : corsOrigins) {
            if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
                throw new ConfigException(
                        "GATEWAY_CORS_ORIGINS",
                        "a comma-separated list of origins such as https://dash.example.com",
                        origin);
            }
        }
        // Heartbeats go out up to a timer tick (a quarter of the interval, at most 1 s) late.
        Duration latest = heartbeat.plus(min(heartbeat.dividedBy(4), Duration.ofSeconds(1)));
        if (latest.compareTo(idleTimeout) >= 0) {
            throw new ConfigException(
                    "GATEWAY_HEARTBEAT",
                    "a duration that, plus a quarter of itself (at most 1 s), stays below GATEWAY_IDLE_TIMEOUT ("
                            + idleTimeout + ")",
                    heartbeat.toString());
        }
        if (writeTimeout.compareTo(idleTimeout) >= 0) {
            throw new ConfigException(
                    "GATEWAY_WRITE_TIMEOUT",
                    "a duration below GATEWAY_IDLE_TIMEOUT (" + idleTimeout + ")",
                    writeTimeout.toString());
        }
        if (maxClientsPerIp > maxClients) {
            throw new ConfigException(
                    "GATEWAY_MAX_CLIENTS_PER_IP",
                    "at most GATEWAY_MAX_CLIENTS (" + maxClients + ")",
                    Integer.toString(maxClientsPerIp));
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public static GatewayConfig fromEnv(Env env) {
        return fromEnv(env, HeapCapacity::ofThisJvm);
    }

    /** @param heapFor what this JVM's heap holds at a budget of so many bytes per client */
    static GatewayConfig fromEnv(Env env, LongFunction<HeapCapacity> heapFor) {
        int heapPerClientKb = env.integer("GATEWAY_HEAP_PER_CLIENT_KB", DEFAULT_HEAP_PER_CLIENT_KB, 1, 1_000_000_000);
        HeapCapacity heap = heapFor.apply(heapPerClientKb * 1024L);
        int maxClients = maxClients(env, heap, heapPerClientKb);
        int maxConnections = env.integer("GATEWAY_MAX_CONNECTIONS", 0, 0, 10_000_000);
        // A connection costs the heap about what an idle stream does (Jetty's objects are most of both).
        long heapConnections = (long) heap.clients() + ConnectionBudget.SHORT_REQUEST_ROOM;
        if (maxConnections > heapConnections) {
            throw new ConfigException(
                    "GATEWAY_MAX_CONNECTIONS",
                    "at most " + heapConnections + ": the streams this heap holds plus "
                            + ConnectionBudget.SHORT_REQUEST_ROOM + " (or 0 to size it)",
                    Integer.toString(maxConnections));
        }
        Duration idleTimeout =
                env.duration("GATEWAY_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT, Duration.ofSeconds(1), Duration.ofHours(1));
        return new GatewayConfig(
                env.integer("GATEWAY_PORT", DEFAULT_PORT, 0, 65_535),
                TlsSettings.fromEnv(env),
                KafkaSettings.fromEnv(env),
                TopicSettings.fromEnv(env),
                PipelineTopics.fromEnv(env),
                env.raw("GATEWAY_AUTH_TOKEN"),
                JwtVerifier.fromEnv(env),
                env.list("GATEWAY_CORS_ORIGINS", ""),
                new PublicOrigins("GATEWAY_PUBLIC_ORIGINS", env.list("GATEWAY_PUBLIC_ORIGINS", "")),
                new ClientAddresses(env.list("GATEWAY_TRUSTED_PROXIES", "")),
                env.duration("GATEWAY_HEARTBEAT", DEFAULT_HEARTBEAT, Duration.ofMillis(100), Duration.ofMinutes(10)),
                env.duration("GATEWAY_RETRY", DEFAULT_RETRY, Duration.ofMillis(100), Duration.ofMinutes(10)),
                idleTimeout,
                env.duration(
                        "GATEWAY_WRITE_TIMEOUT",
                        min(DEFAULT_WRITE_TIMEOUT, idleTimeout.dividedBy(2)),
                        Duration.ofMillis(100),
                        Duration.ofMinutes(10)),
                env.integer("GATEWAY_SEND_BUFFER", DEFAULT_SEND_BUFFER_BYTES, 4096, 16 << 20),
                env.duration(
                        "GATEWAY_REQUEST_HEAD_TIMEOUT",
                        DEFAULT_REQUEST_HEAD_TIMEOUT,
                        Duration.ofMillis(100),
                        Duration.ofMinutes(10)),
                maxConnections,
                maxClients,
                env.integer(
                        "GATEWAY_MAX_CLIENTS_PER_IP", Math.min(DEFAULT_MAX_CLIENTS_PER_IP, maxClients), 1, 1_000_000),
                env.integer("GATEWAY_CLIENT_BUFFER", DEFAULT_CLIENT_BUFFER, 1, 1_000_000),
                env.integer("GATEWAY_MAX_CATCHUPS", DEFAULT_MAX_CATCHUPS, 1, 10_000),
                env.integer("GATEWAY_MAX_CATCHUPS_PER_IP", DEFAULT_MAX_CATCHUPS_PER_IP, 1, 10_000),
                heapPerClientKb,
                env.duration(
                        "GATEWAY_PARTITION_CHECK_INTERVAL",
                        TopicTailer.DEFAULT_PARTITION_CHECK_INTERVAL,
                        Duration.ofMillis(100),
                        Duration.ofHours(1)),
                env.duration(
                        "GATEWAY_KAFKA_CHECK_INTERVAL",
                        ClusterWatch.DEFAULT_INTERVAL,
                        Duration.ofMillis(100),
                        Duration.ofMinutes(10)));
    }

    /**
     * What the heap holds unless set lower: a limit above it would promise streams that the heap cannot give, so it
     * stops start-up, naming the heap it needs.
     */
    private static int maxClients(Env env, HeapCapacity heap, int heapPerClientKb) {
        int holds = heap.clients();
        long heapBytes = HeapCapacity.configuredHeapBytes();
        long maxHeapMb = heapBytes >> 20;
        if (holds < 1) {
            throw new ConfigException(
                    "GATEWAY_HEAP_PER_CLIENT_KB",
                    "a budget of which this heap (" + maxHeapMb + " MB) holds at least one stream",
                    Integer.toString(heapPerClientKb));
        }
        Optional<String> asked = env.raw("GATEWAY_MAX_CLIENTS");
        if (asked.isEmpty()) {
            return Math.min(DEFAULT_MAX_CLIENTS, holds);
        }
        int wanted = env.integer("GATEWAY_MAX_CLIENTS", DEFAULT_MAX_CLIENTS, 1, 1_000_000);
        if (wanted > holds) {
            throw new ConfigException(
                    "GATEWAY_MAX_CLIENTS",
                    "at most the " + holds + " streams this heap (" + maxHeapMb + " MB) holds at "
                            + heapPerClientKb + " KB each; " + wanted + " need -Xmx"
                            + (heap.heapFor(wanted, heapBytes) >> 20) + "m",
                    asked.get());
        }
        return wanted;
    }
}

package dev.pulse.gateway.kafka;

import dev.pulse.common.config.KafkaSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches whether the brokers behind the gateway's topics can still take the processor's writes, so dashboards are told
 * why data stops instead of seeing silence. Every interval it asks Kafka for the layout (brokers, replicas,
 * {@code min.insync.replicas}), keeping the last answer when Kafka cannot give one, and connects to each broker. It
 * does not trust Kafka's own view of which brokers are alive: once two of three are down the controller quorum is lost
 * and the surviving broker's metadata stops changing, still naming the dead as leaders.
 */
public final class ClusterWatch implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);
    /** Each Kafka answer and each connection attempt gets this long: a check ends well within a short interval. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** A status and when it began. */
    public record Change(KafkaStatus status, Instant since) {}

    private final Admin admin;
    private final List<String> topics;
    private final Duration interval;
    private final Consumer<Change> onChange;
    private final ScheduledExecutorService timer;
    private final Map<String, Integer> minInsync = new ConcurrentHashMap<>();
    private volatile ClusterLayout layout = ClusterLayout.UNKNOWN;
    private volatile Change current = new Change(KafkaStatus.UNCHECKED, Instant.now());
    private boolean layoutFailing;

    /**
     * @param topics the topics whose partitions decide the verdict (those the gateway serves)
     * @param onChange told each time the status changes (not for a first verdict of OK), on the watch's thread
     */
    public ClusterWatch(KafkaSettings kafka, List<String> topics, Duration interval, Consumer<Change> onChange) {
        Properties properties = kafka.toProperties();
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(properties);
        this.topics = List.copyOf(topics);
        this.interval = interval;
        this.onChange = onChange;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("gateway-kafka-watch").daemon().factory());
    }

    public ClusterWatch start() {
        timer.scheduleWithFixedDelay(this::checkSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The latest verdict ({@link KafkaStatus#UNCHECKED} before the first check). */
    public Change current() {
        return current;
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("kafka check failed error={}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check() throws InterruptedException {
        refreshLayout();
        ClusterLayout now = layout;
        KafkaStatus status = KafkaStatus.assess(now, reachable(now));
        Change was = current;
        if (status.equals(was.status())) {
            return;
        }
        // "since" is when the state began: a second broker lost while writes are refused changes the figures only.
        current = new Change(status, status.state() == was.status().state() ? was.since() : Instant.now());
        boolean first = was.status() == KafkaStatus.UNCHECKED;
        log(status, first ? "none" : was.status().state().wireName());
        if (!first || status.state() != KafkaStatus.State.OK) {
            onChange.accept(current);
        }
    }

    private static void log(KafkaStatus status, String was) {
        if (status.state() == KafkaStatus.State.OK) {
            LOG.info("kafka state={} was={} brokers={}", status.state().wireName(), was, status.brokers());
        } else {
            LOG.warn(
                    "kafka state={} was={} brokers={} unreachable={} partitionsRefusingWrites={}/{}",
                    status.state().wireName(),
                    was,
                    status.brokers(),
                    status.unreachable(),
                    status.partitionsRefusingWrites(),
                    status.partitions());
        }
    }

    /** Asks Kafka for brokers, replicas and settings at once; what it cannot answer stays as last known. */
    private void refreshLayout() throws InterruptedException {
        KafkaFuture<Collection<Node>> nodes = admin.describeCluster().nodes();
        KafkaFuture<Map<String, TopicDescription>> described =
                admin.describeTopics(topics).allTopicNames();
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                .toList();
        KafkaFuture<Map<ConfigResource, Config>> configs =
                admin.describeConfigs(resources).all();
        try {
            Map<Integer, InetSocketAddress> brokers = new HashMap<>(layout.brokers());
            for (Node node : nodes.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                brokers.put(node.id(), InetSocketAddress.createUnresolved(node.host(), node.port()));
            }
            readMinInsync(configs);
            List<ClusterLayout.PartitionReplicas> partitions = new ArrayList<>();
            for (TopicDescription topic :
                    described.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values()) {
                for (TopicPartitionInfo p : topic.partitions()) {
                    List<Integer> replicas = p.replicas().stream().map(Node::id).toList();
                    partitions.add(new ClusterLayout.PartitionReplicas(
                            topic.name(), p.partition(), replicas, minInsync.getOrDefault(topic.name(), 1)));
                }
            }
            layout = new ClusterLayout(brokers, partitions);
            if (layoutFailing) {
                layoutFailing = false;
                LOG.info("kafka layout known again brokers={} partitions={}", brokers.size(), partitions.size());
            }
        } catch (ExecutionException | TimeoutException e) {
            if (!layoutFailing) {
                layoutFailing = true;
                LOG.info("kafka layout unavailable, keeping the last one error={}", rootCause(e));
            }
        }
    }

    /** {@code min.insync.replicas} per topic; without the right to describe configs, 1 (any live replica). */
    private void readMinInsync(KafkaFuture<Map<ConfigResource, Config>> configs) throws InterruptedException {
        try {
            configs.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).forEach((resource, config) -> {
                ConfigEntry entry = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
                if (entry != null && entry.value() != null) {
                    minInsync.put(resource.name(), Integer.parseInt(entry.value()));
                }
            });
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            // kept from the last answer
        }
    }

    /** The brokers that accept a TCP connection now, tried side by side. */
    private static Set<Integer> reachable(ClusterLayout layout) throws InterruptedException {
        Map<Integer, Future<Boolean>> attempts = new HashMap<>();
        try (var probes = Executors.newVirtualThreadPerTaskExecutor()) {
            layout.brokers().forEach((id, address) -> attempts.put(id, probes.submit(() -> accepts(address))));
            Set<Integer> up = new HashSet<>();
            for (var attempt : attempts.entrySet()) {
                try {
                    if (attempt.getValue().get()) {
                        up.add(attempt.getKey());
                    }
                } catch (ExecutionException e) {
                    // not reachable
                }
            }
            return up;
        }
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), (int) TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String rootCause(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}

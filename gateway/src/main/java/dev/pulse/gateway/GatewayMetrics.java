package dev.pulse.gateway;

import dev.pulse.common.model.StreamName;
import dev.pulse.gateway.fanout.Subscription;
import dev.pulse.gateway.kafka.KafkaStatus;
import dev.pulse.gateway.kafka.TopicTailer;
import dev.pulse.gateway.snapshot.SnapshotCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The gateway's own Prometheus metrics ({@code pulse_gateway_*}). */
public final class GatewayMetrics {
    /** {@code reason} of a client dropped because its queue overflowed. */
    public static final String QUEUE_FULL = "queue_full";
    /** {@code reason} of a client dropped because its socket took no write for the write timeout. */
    public static final String WRITE_STALLED = "write_stalled";

    private final Map<StreamName, AtomicInteger> clients = new EnumMap<>(StreamName.class);
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter eventsSent;
    private final Counter bytesSent;
    private final Timer delivery;
    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry, TopicTailer tailer, SnapshotCache cache) {
        this.registry = registry;
        for (StreamName stream : StreamName.values()) {
            AtomicInteger count = new AtomicInteger();
            clients.put(stream, count);
            Gauge.builder("pulse.gateway.clients", count, AtomicInteger::get)
                    .tag("stream", stream.wireName())
                    .description("connected SSE clients subscribed to the stream")
                    .register(registry);
            Gauge.builder("pulse.gateway.consumer.lag", tailer, t -> t.lag(stream))
                    .tag("stream", stream.wireName())
                    .description("records of the stream's topic not yet read by this replica")
                    .register(registry);
        }
        Gauge.builder("pulse.gateway.connections", connections, AtomicInteger::get)
                .description("open SSE connections")
                .register(registry);
        Gauge.builder("pulse.gateway.cached.events", cache, SnapshotCache::size)
                .description("latest events held for new clients (engines x streams)")
                .register(registry);
        eventsSent = Counter.builder("pulse.gateway.events.sent")
                .description("SSE events written to clients")
                .register(registry);
        bytesSent = Counter.builder("pulse.gateway.sent.bytes")
                .description("bytes written to SSE clients")
                .register(registry);
        delivery = Timer.builder("pulse.gateway.delivery.latency")
                .description("live events: from the consumer reading the record to the frame written and flushed to "
                        + "the client")
                .publishPercentiles(0.5, 0.99, 0.999)
                .distributionStatisticExpiry(Duration.ofMinutes(1))
                .register(registry);
        droppedSlow(QUEUE_FULL, registry);
        droppedSlow(WRITE_STALLED, registry);
    }

    public void connected(Subscription subscription) {
        connections.incrementAndGet();
        subscription.streams().forEach(s -> clients.get(s).incrementAndGet());
    }

    public void disconnected(Subscription subscription) {
        connections.decrementAndGet();
        subscription.streams().forEach(s -> clients.get(s).decrementAndGet());
    }

    public void sent(int events, long bytes) {
        if (events > 0) {
            eventsSent.increment(events);
        }
        bytesSent.increment(bytes);
    }

    public void delivered(long nanos) {
        delivery.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The streams this replica takes at most (the configured limit or what the heap holds). */
    public void maxConnections(int max) {
        Gauge.builder("pulse.gateway.connections.max", () -> max)
                .description("open SSE connections this replica accepts at most (GATEWAY_MAX_CLIENTS or what the "
                        + "heap holds)")
                .register(registry);
    }

    /** A client was dropped as slow, for {@link #QUEUE_FULL} or {@link #WRITE_STALLED}. */
    public void droppedSlow(String reason) {
        droppedSlow(reason, registry).increment();
    }

    /** The one counter of dropped clients, by reason (the alerts hub counts its overflows in it too). */
    public static Counter droppedSlow(String reason, MeterRegistry registry) {
        return Counter.builder("pulse.gateway.clients.dropped.slow")
                .tag("reason", reason)
                .description("clients disconnected as too slow: their queue overflowed (queue_full) or their socket "
                        + "took no write for GATEWAY_WRITE_TIMEOUT (write_stalled)")
                .register(registry);
    }

    public void rejected(String reason) {
        registry.counter("pulse.gateway.connections.rejected", "reason", reason).increment();
    }

    /**
     * The Kafka cluster's state as the replica judges it ({@code ClusterWatch}): one gauge per state, 1 for the
     * current.
     */
    public void kafka(Supplier<KafkaStatus> status) {
        for (KafkaStatus.State state : KafkaStatus.State.values()) {
            Gauge.builder("pulse.gateway.kafka.state", () -> status.get().state() == state ? 1 : 0)
                    .tag("state", state.wireName())
                    .description("1 for the Kafka cluster's current state: ok, degraded (a broker unreachable), "
                            + "writes_refused (a partition below min.insync.replicas), unreachable")
                    .register(registry);
        }
        Gauge.builder("pulse.gateway.kafka.brokers", () -> status.get().brokers())
                .description("brokers of the cluster behind the dashboard topics")
                .register(registry);
        Gauge.builder(
                        "pulse.gateway.kafka.brokers.unreachable",
                        () -> status.get().unreachable().size())
                .description("brokers that did not accept a connection at the last check")
                .register(registry);
        Gauge.builder(
                        "pulse.gateway.kafka.partitions.refusing.writes",
                        () -> status.get().partitionsRefusingWrites())
                .description("dashboard partitions with fewer reachable replicas than min.insync.replicas")
                .register(registry);
    }
}

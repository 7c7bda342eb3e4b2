package dev.pulse.gateway.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.ActiveAlert;
import dev.pulse.common.model.Alert;
import dev.pulse.gateway.GatewayMetrics;
import dev.pulse.gateway.fanout.ClientFeed;
import dev.pulse.gateway.fanout.Frame;
import dev.pulse.gateway.fanout.Subscription;
import dev.pulse.gateway.sse.SseFrames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's view of {@code engine.alerts}: each engine's active alerts (its latest record's {@code active}, which
 * is what compaction keeps) and the SSE clients that asked for {@code alerts}. Each record reaches them as an
 * {@code alerts} event, its JSON as written by the processor and without an id: the id a client resumes with stays the
 * position in the stream topics, which the alerts do not move. One lock orders the state and the clients, so a client
 * that joins gets the active alerts of one instant and then every later transition.
 */
public final class AlertHub {
    private static final Logger LOG = LoggerFactory.getLogger(AlertHub.class);
    /** The SSE event of one transition. */
    public static final String EVENT = "alerts";
    /** The SSE event that opens a client's alerts: the active alerts at that instant. */
    public static final String ACTIVE_EVENT = "alerts-active";

    private static final ObjectReader READER = Json.mapper().readerFor(Alert.class);
    private static final Comparator<ActiveAlert> ORDER = Comparator.comparing(ActiveAlert::engineId)
            .thenComparing(ActiveAlert::stream)
            .thenComparing(ActiveAlert::field);

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, List<ActiveAlert>> active = new TreeMap<>();
    private final Set<ClientFeed> feeds = new LinkedHashSet<>();
    private final Counter unreadable;
    private final Counter dropped;

    public AlertHub(MeterRegistry registry) {
        Gauge.builder("pulse.gateway.active.alerts", this, AlertHub::activeCount)
                .description("active threshold alerts, all engines")
                .register(registry);
        unreadable = Counter.builder("pulse.gateway.alerts.unreadable")
                .description("records of engine.alerts that are not alerts (skipped)")
                .register(registry);
        dropped = GatewayMetrics.droppedSlow(GatewayMetrics.QUEUE_FULL, registry);
    }

    /** Called by the alerts consumer only; never blocks on a client. */
    public void dispatch(Iterable<ConsumerRecord<String, byte[]>> records) {
        long readAt = System.nanoTime();
        List<ClientFeed> overflowed = new ArrayList<>();
        lock.lock();
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                if (record.key() == null) {
                    continue;
                }
                if (record.value() == null) {
                    // The retired engine's clears came before its tombstone.
                    active.remove(record.key());
                    continue;
                }
                Alert alert;
                try {
                    alert = READER.readValue(record.value());
                } catch (IOException | IllegalArgumentException e) {
                    unreadable.increment();
                    LOG.warn(
                            "alert record unreadable partition={} offset={} error={}",
                            record.partition(),
                            record.offset(),
                            e.toString());
                    continue;
                }
                if (alert.active().isEmpty()) {
                    active.remove(record.key());
                } else {
                    active.put(record.key(), alert.active());
                }
                Frame frame = new Frame.Event(SseFrames.event(EVENT, null, record.value()), readAt);
                for (ClientFeed feed : feeds) {
                    if (feed.subscription().wantsEngine(record.key()) && !feed.offer(frame)) {
                        overflowed.add(feed);
                    }
                }
            }
            overflowed.forEach(feeds::remove);
        } finally {
            lock.unlock();
        }
        overflowed.forEach(feed -> {
            feed.markDropped();
            dropped.increment();
        });
    }

    /** Adds a client that asked for alerts; returns its first frame, the active alerts it may see. */
    public byte[] join(ClientFeed feed) {
        lock.lock();
        try {
            feeds.add(feed);
            return SseFrames.event(ACTIVE_EVENT, null, json(activeFor(feed.subscription())));
        } finally {
            lock.unlock();
        }
    }

    public void leave(ClientFeed feed) {
        lock.lock();
        try {
            feeds.remove(feed);
        } finally {
            lock.unlock();
        }
    }

    /** The active alerts of the subscription's engines, by engine, stream and field. */
    public ActiveAlerts activeFor(Subscription subscription) {
        lock.lock();
        try {
            List<ActiveAlert> alerts = new ArrayList<>();
            active.forEach((engine, list) -> {
                if (subscription.wantsEngine(engine)) {
                    alerts.addAll(list);
                }
            });
            alerts.sort(ORDER);
            return new ActiveAlerts(alerts);
        } finally {
            lock.unlock();
        }
    }

    public int activeCount() {
        lock.lock();
        try {
            return active.values().stream().mapToInt(List::size).sum();
        } finally {
            lock.unlock();
        }
    }

    static byte[] json(ActiveAlerts alerts) {
        try {
            return Json.mapper().writeValueAsBytes(alerts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("active alerts are not serializable", e);
        }
    }
}

package dev.pulse.processor.stream;

import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.processor.StreamTiming;
import dev.pulse.processor.gate.GatedReading;
import dev.pulse.processor.gate.GatedReading.Measurement;
import dev.pulse.processor.gate.GatedReading.StatusReport;
import dev.pulse.processor.lastgood.Freshness;
import dev.pulse.processor.lastgood.LastGood;
import dev.pulse.processor.metrics.PipelineMetrics;
import dev.pulse.processor.store.StoreNames;
import dev.pulse.processor.store.StreamState;
import dev.pulse.processor.window.TumblingWindows;
import dev.pulse.processor.window.WindowState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of all three streams for every engine of its partitions: a valid reading updates that stream's windows and
 * last-known-good values and is emitted LIVE; the collector's DOWN/CIRCUIT_OPEN reports and silence longer than
 * STALE_AFTER turn a stream FALLBACK or STALE, re-emitted with the last good values from a wall-clock punctuator every
 * FALLBACK_INTERVAL until readings resume. One processor and one store for the three streams keep each exactly-once
 * commit to one changelog. Times come from the context's wall clock, so tests on a mock clock are exact.
 */
final class StreamProcessor implements Processor<String, GatedReading, String, StreamEvent<StreamValues>> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamProcessor.class);

    private final StreamTiming timing;
    private final TumblingWindows windows;
    private final Freshness freshness;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, StreamEvent<StreamValues>> context;
    private KeyValueStore<String, StreamState> store;
    /** The working copy of the store: every state is read once at init, then kept as objects (see {@link #init}). */
    private final Map<String, StreamState> states = new HashMap<>();

    private Cancellable punctuation;
    private long lastPunctuationMs = -1;

    StreamProcessor(StreamTiming timing, PipelineMetrics metrics) {
        this.timing = timing;
        this.windows = new TumblingWindows(timing.windowSize(), timing.windowGrace());
        this.freshness = new Freshness(timing.staleAfter());
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, StreamEvent<StreamValues>> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.STREAM_STATE);
        // Kafka Streams calls init once the store is restored, and again after it wipes and restores it
        // (a task revived under exactly-once), so a copy loaded here always matches the store. Reading
        // the store per record would deserialize each state again: that was a third of the CPU per reading.
        states.clear();
        try (KeyValueIterator<String, StreamState> all = store.all()) {
            all.forEachRemaining(entry -> states.put(entry.key, entry.value));
        }
        this.punctuation =
                context.schedule(timing.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, GatedReading> record) {
        long now = context.currentSystemTimeMs();
        switch (record.value()) {
            case Measurement m -> live(record, m, now);
            case StatusReport s -> {
                for (StreamName stream : StreamName.values()) {
                    report(stream, s, now);
                }
            }
            case GatedReading.Rejected r ->
                throw new IllegalStateException("dead letters are routed before the stream processor");
        }
    }

    private void live(Record<String, GatedReading> record, Measurement m, long now) {
        String key = StreamState.key(m.stream(), m.engineId());
        StreamState state = stateOf(m.stream(), key);
        TumblingWindows.Added added = windows.add(
                state.windows(),
                m.values().timestamp().toEpochMilli(),
                now,
                m.values().numericFields());
        if (added.late()) {
            metrics.lateReading(m.stream());
        }
        LastGood<StreamValues> previous = state.lastGood();
        if (previous.hasValues() && previous.status() != EventStatus.LIVE) {
            LOG.info(
                    "stream live again engine={} stream={} was={}",
                    m.engineId(),
                    m.stream().wireName(),
                    previous.status());
        }
        StreamState current = new StreamState(
                m.stream(), LastGood.live(m.values(), m.sequence(), m.collectedAt(), now), added.state());
        put(key, forward(record.timestamp(), m.engineId(), current, EventStatus.LIVE, null, now));
    }

    private void report(StreamName stream, StatusReport s, long now) {
        String key = StreamState.key(stream, s.engineId());
        StreamState state = stateOf(stream, key);
        StreamState current = state.with(state.lastGood().withReport(s.status(), now));
        Freshness.Verdict before = freshness.judge(state.lastGood(), now);
        Freshness.Verdict after = freshness.judge(current.lastGood(), now);
        // A new outage (or a new reason) is told at once; repeats are the punctuator's job.
        if (after.status() == EventStatus.FALLBACK && current.lastGood().hasValues() && !after.equals(before)) {
            logChange(stream, s.engineId(), state.lastGood().status(), after);
            current = forward(now, s.engineId(), current, after.status(), after.reason(), now);
        }
        put(key, current);
    }

    private void punctuate(long timestamp) {
        long now = context.currentSystemTimeMs();
        if (lastPunctuationMs >= 0) {
            metrics.punctuationLag(Duration.ofMillis(Math.max(
                    0, now - lastPunctuationMs - timing.punctuateInterval().toMillis())));
        }
        lastPunctuationMs = now;
        // Updates are collected and written after the scan: the map is not changed while it is iterated.
        List<KeyValue<String, StreamState>> updates = new ArrayList<>();
        states.forEach((key, current) -> {
            WindowState closed = windows.closeExpired(current.windows(), now);
            StreamState state = closed == current.windows() ? current : current.with(closed);
            StreamState next = repeatIfDue(key, state, now);
            if (next != current) {
                updates.add(KeyValue.pair(key, next));
            }
        });
        updates.forEach(update -> put(update.key, update.value));
    }

    /**
     * The STALE/FALLBACK repeat of a stream whose values are not fresh, when its interval is up or its status changed.
     */
    private StreamState repeatIfDue(String key, StreamState state, long now) {
        LastGood<StreamValues> lastGood = state.lastGood();
        Freshness.Verdict verdict = freshness.judge(lastGood, now);
        boolean due = verdict.status() != lastGood.status()
                || now - lastGood.emittedAtMs() >= timing.fallbackInterval().toMillis();
        if (verdict.status() == EventStatus.LIVE || !lastGood.hasValues() || !due) {
            return state;
        }
        String engineId = StreamState.engineId(key);
        if (verdict.status() != lastGood.status()) {
            logChange(state.stream(), engineId, lastGood.status(), verdict);
        }
        return forward(now, engineId, state, verdict.status(), verdict.reason(), now);
    }

    /** Emits the state's values with a status; returns the state that remembers the emission. */
    private StreamState forward(
            long timestamp, String engineId, StreamState state, EventStatus status, String reason, long now) {
        LastGood<StreamValues> lastGood = state.lastGood();
        WindowState windowState = state.windows();
        StreamEvent<StreamValues> event = new StreamEvent<>(
                engineId,
                state.stream(),
                status,
                lastGood.sequence(),
                lastGood.values().timestamp(),
                Instant.ofEpochMilli(now),
                lastGood.ageMs(now),
                reason,
                lastGood.values(),
                windowState.current(),
                windowState.lastCompleted());
        context.forward(new Record<>(engineId, event, timestamp));
        metrics.event(state.stream(), status);
        return state.with(lastGood.emitted(status, now));
    }

    private StreamState stateOf(StreamName stream, String key) {
        return Objects.requireNonNullElseGet(states.get(key), () -> StreamState.empty(stream));
    }

    private void put(String key, StreamState state) {
        states.put(key, state);
        store.put(key, state);
    }

    private void logChange(StreamName stream, String engineId, EventStatus was, Freshness.Verdict now) {
        LOG.info(
                "stream {} engine={} stream={} was={} reason=\"{}\"",
                now.status(),
                engineId,
                stream.wireName(),
                was,
                now.reason());
    }

    @Override
    public void close() {
        if (punctuation != null) {
            punctuation.cancel();
        }
    }
}

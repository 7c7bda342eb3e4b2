package dev.pulse.processor.stream;

import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.processor.StreamTiming;
import dev.pulse.processor.engines.LiveEngines;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
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
 * STALE_AFTER turn a stream FALLBACK or STALE (FALLBACK without values while there has never been a valid reading). A
 * change is emitted at once; a wall-clock punctuator repeats an unchanged state with a back-off (FALLBACK_INTERVAL,
 * doubling up to FALLBACK_REPEAT_MAX). A RETIRED report, or no valid reading for ENGINE_RETIRE_AFTER, retires the
 * engine: a last RETIRED event and a tombstone per stream, and its state deleted. One processor and one store for the
 * three streams keep each exactly-once commit to one changelog. Times come from the context's wall clock, so tests on a
 * mock clock are exact.
 */
final class StreamProcessor implements Processor<String, GatedReading, String, StreamOutput> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamProcessor.class);

    private final StreamTiming timing;
    private final TumblingWindows windows;
    private final Freshness freshness;
    private final PipelineMetrics metrics;
    private final LiveEngines liveEngines;
    private ProcessorContext<String, StreamOutput> context;
    private KeyValueStore<String, StreamState> store;
    /** The working copy of the store: every state is read once at init, then kept as objects (see {@link #init}). */
    private final Map<String, StreamState> states = new HashMap<>();

    private Cancellable punctuation;
    private long lastPunctuationMs = -1;

    StreamProcessor(StreamTiming timing, PipelineMetrics metrics, LiveEngines liveEngines) {
        this.timing = timing;
        this.windows = new TumblingWindows(timing.windowSize(), timing.windowGrace());
        this.freshness = new Freshness(timing.staleAfter());
        this.metrics = metrics;
        this.liveEngines = liveEngines;
    }

    @Override
    public void init(ProcessorContext<String, StreamOutput> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.STREAM_STATE);
        // Kafka Streams calls init once the store is restored, and again after it wipes and restores it
        // (a task revived under exactly-once), so a copy loaded here always matches the store. Reading
        // the store per record would deserialize each state again: that dominated the CPU per reading
        // (docs/bench-findings-2026-11.md).
        liveEngines.releaseAll(engineIds(states.keySet()));
        states.clear();
        try (KeyValueIterator<String, StreamState> all = store.all()) {
            all.forEachRemaining(entry -> states.put(entry.key, entry.value));
        }
        // Restored engines are live whatever the cap: their state is here, refusing them would not free it.
        liveEngines.restore(engineIds(states.keySet()));
        this.punctuation =
                context.schedule(timing.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, GatedReading> record) {
        long now = context.currentSystemTimeMs();
        switch (record.value()) {
            case Measurement m -> live(record, m, now);
            case StatusReport s -> {
                if (s.status().state() == EngineState.RETIRED) {
                    retire(s.engineId(), Freshness.retiredByCollector(s.status()), "collector", now);
                } else {
                    for (StreamName stream : StreamName.values()) {
                        report(stream, s, now);
                    }
                }
            }
            case GatedReading.Rejected r ->
                throw new IllegalStateException("dead letters are routed before the stream processor");
        }
    }

    private void live(Record<String, GatedReading> record, Measurement m, long now) {
        String key = StreamState.key(m.stream(), m.engineId());
        StreamState state = stateOf(m.stream(), key, now);
        TumblingWindows.Added added = windows.add(
                state.windows(),
                m.values().timestamp().toEpochMilli(),
                now,
                m.values().numericFields());
        if (added.late()) {
            metrics.lateReading(m.stream());
        }
        LastGood<StreamValues> previous = state.lastGood();
        // A stream's first event is a change too (was=none): the unknown state's status reads LIVE.
        if (previous.status() != EventStatus.LIVE || previous.emittedAtMs() == 0) {
            LOG.info(
                    "stream LIVE engine={} stream={} was={} firstData={}",
                    m.engineId(),
                    m.stream().wireName(),
                    previous.lastEmitted(),
                    !previous.hasValues());
        }
        if (previous.hasValues() && previous.run() != m.run()) {
            newRun(m, previous.run());
        }
        StreamState current = new StreamState(
                m.stream(), LastGood.live(m.values(), m.run(), m.sequence(), m.collectedAt(), now), added.state());
        put(key, forward(record.timestamp(), m.engineId(), current, EventStatus.LIVE, null, now, 0));
    }

    /** Counts and logs a collector restart once per engine: by the first of its streams to see the new run. */
    private void newRun(Measurement m, long previousRun) {
        for (StreamName other : StreamName.values()) {
            StreamState state = states.get(StreamState.key(other, m.engineId()));
            if (other != m.stream()
                    && state != null
                    && state.lastGood().hasValues()
                    && state.lastGood().run() == m.run()) {
                return;
            }
        }
        metrics.collectorRunChanged();
        LOG.info("collector run changed engine={} run={} was={}", m.engineId(), m.run(), previousRun);
    }

    private void report(StreamName stream, StatusReport s, long now) {
        String key = StreamState.key(stream, s.engineId());
        StreamState state = stateOf(stream, key, now);
        StreamState current = state.with(state.lastGood().withReport(s.status(), now));
        Freshness.Verdict before = freshness.judge(state.lastGood(), now);
        Freshness.Verdict after = freshness.judge(current.lastGood(), now);
        // A new outage (or a new reason) is told at once and restarts the back-off; repeats are the punctuator's.
        if (after.status() == EventStatus.FALLBACK && !after.equals(before)) {
            logChange(stream, s.engineId(), state.lastGood().lastEmitted(), after);
            current = forward(
                    now, s.engineId(), current, after.status(), after.reason(), now, timing.nextRepeatAfterMs(0));
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
        Set<String> retiring = new LinkedHashSet<>();
        states.forEach((key, current) -> {
            // The cheap check first: only a stream silent past the bound costs a look at its siblings.
            if (current.lastGood().retirementDue(now, timing.retireAfter())
                    && retirementDue(StreamState.engineId(key), now)) {
                retiring.add(StreamState.engineId(key));
                return;
            }
            WindowState closed = windows.closeExpired(current.windows(), now);
            StreamState state = closed == current.windows() ? current : current.with(closed);
            StreamState next = repeatIfDue(key, state, now);
            if (next != current) {
                updates.add(KeyValue.pair(key, next));
            }
        });
        updates.forEach(update -> put(update.key, update.value));
        String reason = Freshness.retiredForSilence(timing.retireAfter());
        retiring.forEach(engineId -> retire(engineId, reason, "silence", now));
    }

    /** Whether every stream of the engine has been without a valid reading for ENGINE_RETIRE_AFTER. */
    private boolean retirementDue(String engineId, long now) {
        for (StreamName stream : StreamName.values()) {
            StreamState state = states.get(StreamState.key(stream, engineId));
            if (state != null && !state.lastGood().retirementDue(now, timing.retireAfter())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The STALE/FALLBACK event of a stream whose values are not fresh: at once when its status changed, else when the
     * back-off interval since the last one is up (each repeat doubles it, up to FALLBACK_REPEAT_MAX).
     */
    private StreamState repeatIfDue(String key, StreamState state, long now) {
        LastGood<StreamValues> lastGood = state.lastGood();
        Freshness.Verdict verdict = freshness.judge(lastGood, now);
        if (verdict.status() == EventStatus.LIVE) {
            return state;
        }
        boolean changed = verdict.status() != lastGood.status();
        // State written before the back-off existed has no interval: it starts at the first one.
        long interval = lastGood.repeatAfterMs() > 0
                ? lastGood.repeatAfterMs()
                : timing.fallbackInterval().toMillis();
        if (!changed && now - lastGood.emittedAtMs() < interval) {
            return state;
        }
        String engineId = StreamState.engineId(key);
        if (changed) {
            logChange(state.stream(), engineId, lastGood.lastEmitted(), verdict);
        }
        long next = timing.nextRepeatAfterMs(changed ? 0 : interval);
        return forward(now, engineId, state, verdict.status(), verdict.reason(), now, next);
    }

    /**
     * The last word on an engine: a RETIRED event and a tombstone on each stream it has state for, then its state
     * deleted (a tombstone in the changelog too) and its room under the cap freed. A reading that comes later starts
     * afresh.
     */
    private void retire(String engineId, String reason, String cause, long now) {
        boolean known = false;
        for (StreamName stream : StreamName.values()) {
            String key = StreamState.key(stream, engineId);
            StreamState state = states.remove(key);
            if (state == null) {
                continue;
            }
            known = true;
            context.forward(new Record<>(
                    engineId, StreamOutput.of(event(engineId, state, EventStatus.RETIRED, reason, now)), now));
            metrics.event(stream, EventStatus.RETIRED);
            context.forward(new Record<>(engineId, StreamOutput.tombstone(stream), now));
            store.delete(key);
        }
        liveEngines.release(engineId);
        if (known) {
            metrics.engineRetired(cause);
            LOG.info("engine retired engine={} cause={} reason=\"{}\"", engineId, cause, reason);
        }
    }

    /** Emits the state's values with a status; returns the state that remembers the emission and the next interval. */
    private StreamState forward(
            long timestamp,
            String engineId,
            StreamState state,
            EventStatus status,
            String reason,
            long now,
            long nextRepeatAfterMs) {
        context.forward(
                new Record<>(engineId, StreamOutput.of(event(engineId, state, status, reason, now)), timestamp));
        metrics.event(state.stream(), status);
        return state.with(state.lastGood().emitted(status, now, nextRepeatAfterMs));
    }

    private static StreamEvent<StreamValues> event(
            String engineId, StreamState state, EventStatus status, String reason, long now) {
        LastGood<StreamValues> lastGood = state.lastGood();
        WindowState windowState = state.windows();
        StreamValues values = lastGood.values();
        return new StreamEvent<>(
                engineId,
                state.stream(),
                status,
                values == null ? 0 : lastGood.run(),
                values == null ? 0 : lastGood.sequence(),
                values == null ? null : values.timestamp(),
                Instant.ofEpochMilli(now),
                lastGood.ageMs(now),
                reason,
                values,
                windowState.current(),
                windowState.lastCompleted());
    }

    private StreamState stateOf(StreamName stream, String key, long now) {
        return Objects.requireNonNullElseGet(states.get(key), () -> StreamState.empty(stream, now));
    }

    private void put(String key, StreamState state) {
        states.put(key, state);
        store.put(key, state);
    }

    private void logChange(StreamName stream, String engineId, String was, Freshness.Verdict now) {
        LOG.info(
                "stream {} engine={} stream={} was={} reason=\"{}\"",
                now.status(),
                engineId,
                stream.wireName(),
                was,
                now.reason());
    }

    private static Set<String> engineIds(Collection<String> keys) {
        return keys.stream().map(StreamState::engineId).collect(Collectors.toSet());
    }

    @Override
    public void close() {
        if (punctuation != null) {
            punctuation.cancel();
        }
        // The task's engines leave this instance (migrated or shut down): they no longer count against its cap.
        liveEngines.releaseAll(engineIds(states.keySet()));
    }
}

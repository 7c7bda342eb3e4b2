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
import dev.pulse.processor.window.TumblingWindows;
import dev.pulse.processor.window.WindowState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * One stream's events for every engine of its partitions: a valid reading updates the windows and the
 * last-known-good values and is emitted LIVE; the collector's DOWN/CIRCUIT_OPEN reports and silence
 * longer than STALE_AFTER turn the stream FALLBACK or STALE, re-emitted with the last good values from
 * a wall-clock punctuator every FALLBACK_INTERVAL until readings resume. Times come from the context's
 * wall clock, so tests on a mock clock are exact.
 */
final class StreamProcessor implements Processor<String, GatedReading, String, StreamEvent<StreamValues>> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamProcessor.class);

    private final StreamName stream;
    private final StreamTiming timing;
    private final TumblingWindows windows;
    private final Freshness freshness;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, StreamEvent<StreamValues>> context;
    private KeyValueStore<String, LastGood<StreamValues>> lastGoodStore;
    private KeyValueStore<String, WindowState> windowStore;
    private Cancellable punctuation;
    private long lastPunctuationMs = -1;

    StreamProcessor(StreamName stream, StreamTiming timing, PipelineMetrics metrics) {
        this.stream = stream;
        this.timing = timing;
        this.windows = new TumblingWindows(timing.windowSize(), timing.windowGrace());
        this.freshness = new Freshness(timing.staleAfter());
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, StreamEvent<StreamValues>> context) {
        this.context = context;
        this.lastGoodStore = context.getStateStore(StoreNames.lastGood(stream));
        this.windowStore = context.getStateStore(StoreNames.window(stream));
        this.punctuation = context.schedule(timing.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, GatedReading> record) {
        long now = context.currentSystemTimeMs();
        switch (record.value()) {
            case Measurement m -> live(record, m, now);
            case StatusReport s -> report(s, now);
            case GatedReading.Rejected r -> throw new IllegalStateException("dead letters are routed before " + stream);
        }
    }

    private void live(Record<String, GatedReading> record, Measurement m, long now) {
        TumblingWindows.Added added = windows.add(state(m.engineId()), m.values().timestamp().toEpochMilli(), now, m.values().numericFields());
        if (added.late()) {
            metrics.lateReading(stream);
        }
        windowStore.put(m.engineId(), added.state());
        LastGood<StreamValues> previous = lastGoodStore.get(m.engineId());
        if (previous != null && previous.status() != EventStatus.LIVE) {
            LOG.info("stream live again engine={} stream={} was={}", m.engineId(), stream.wireName(), previous.status());
        }
        LastGood<StreamValues> current = LastGood.live(m.values(), m.sequence(), m.collectedAt(), now);
        lastGoodStore.put(m.engineId(), current);
        forward(record.timestamp(), m.engineId(), current, EventStatus.LIVE, null, added.state(), now);
    }

    private void report(StatusReport s, long now) {
        LastGood<StreamValues> previous = Objects.requireNonNullElseGet(lastGoodStore.get(s.engineId()), LastGood::unknown);
        LastGood<StreamValues> current = previous.withReport(s.status(), now);
        Freshness.Verdict before = freshness.judge(previous, now);
        Freshness.Verdict after = freshness.judge(current, now);
        // A new outage (or a new reason) is told at once; repeats are the punctuator's job.
        if (after.status() == EventStatus.FALLBACK && current.hasValues() && !after.equals(before)) {
            logChange(s.engineId(), previous.status(), after);
            current = forward(now, s.engineId(), current, after.status(), after.reason(), state(s.engineId()), now);
        }
        lastGoodStore.put(s.engineId(), current);
    }

    private void punctuate(long timestamp) {
        long now = context.currentSystemTimeMs();
        if (lastPunctuationMs >= 0) {
            metrics.punctuationLag(stream, Duration.ofMillis(Math.max(0, now - lastPunctuationMs - timing.punctuateInterval().toMillis())));
        }
        lastPunctuationMs = now;
        // Updates are collected and written after the iterators close: stores are not changed mid-scan.
        List<KeyValue<String, WindowState>> closed = new ArrayList<>();
        try (KeyValueIterator<String, WindowState> all = windowStore.all()) {
            all.forEachRemaining(entry -> {
                WindowState state = windows.closeExpired(entry.value, now);
                if (state != entry.value) {
                    closed.add(KeyValue.pair(entry.key, state));
                }
            });
        }
        closed.forEach(entry -> windowStore.put(entry.key, entry.value));
        List<KeyValue<String, LastGood<StreamValues>>> emitted = new ArrayList<>();
        try (KeyValueIterator<String, LastGood<StreamValues>> all = lastGoodStore.all()) {
            all.forEachRemaining(entry -> {
                LastGood<StreamValues> lastGood = entry.value;
                Freshness.Verdict verdict = freshness.judge(lastGood, now);
                boolean due = verdict.status() != lastGood.status() || now - lastGood.emittedAtMs() >= timing.fallbackInterval().toMillis();
                if (verdict.status() != EventStatus.LIVE && lastGood.hasValues() && due) {
                    if (verdict.status() != lastGood.status()) {
                        logChange(entry.key, lastGood.status(), verdict);
                    }
                    emitted.add(KeyValue.pair(entry.key, lastGood));
                }
            });
        }
        for (KeyValue<String, LastGood<StreamValues>> entry : emitted) {
            Freshness.Verdict verdict = freshness.judge(entry.value, now);
            lastGoodStore.put(entry.key, forward(now, entry.key, entry.value, verdict.status(), verdict.reason(), state(entry.key), now));
        }
    }

    private LastGood<StreamValues> forward(long timestamp, String engineId, LastGood<StreamValues> lastGood, EventStatus status,
            String reason, WindowState windowState, long now) {
        StreamEvent<StreamValues> event = new StreamEvent<>(engineId, stream, status, lastGood.sequence(),
                lastGood.values().timestamp(), Instant.ofEpochMilli(now), lastGood.ageMs(now), reason, lastGood.values(),
                windowState.current(), windowState.lastCompleted());
        context.forward(new Record<>(engineId, event, timestamp));
        metrics.event(stream, status);
        return lastGood.emitted(status, now);
    }

    private WindowState state(String engineId) {
        return Objects.requireNonNullElse(windowStore.get(engineId), WindowState.EMPTY);
    }

    private void logChange(String engineId, EventStatus was, Freshness.Verdict now) {
        LOG.info("stream {} engine={} stream={} was={} reason=\"{}\"", now.status(), engineId, stream.wireName(), was, now.reason());
    }

    @Override
    public void close() {
        if (punctuation != null) {
            punctuation.cancel();
        }
    }
}

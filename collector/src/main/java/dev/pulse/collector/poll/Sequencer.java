package dev.pulse.collector.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.model.RawReading;
import dev.pulse.common.model.ReadingKind;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers readings per engine and kind, from 1 up by 1 within this collector's run, so gaps downstream reveal loss;
 * every reading carries the run, so downstream tells a restart (a new run, numbering from 1) from a gap.
 */
public final class Sequencer {
    private final long run;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    /** @param run the collector's run: its start time in ms (see docs/collector.md, "Run") */
    public Sequencer(long run) {
        if (run <= 0) {
            throw new IllegalArgumentException("run must be positive");
        }
        this.run = run;
    }

    public long run() {
        return run;
    }

    public RawReading next(String engineId, ReadingKind kind, Instant collectedAt, JsonNode payload) {
        return next(engineId, kind, collectedAt, payload, null);
    }

    /** The next reading; {@code mappingError} non-null when the engine's answer could not be mapped. */
    public RawReading next(
            String engineId, ReadingKind kind, Instant collectedAt, JsonNode payload, String mappingError) {
        long sequence = counters.computeIfAbsent(engineId + '/' + kind.wireName(), key -> new AtomicLong())
                .incrementAndGet();
        return new RawReading(engineId, kind, run, sequence, collectedAt, payload, mappingError);
    }
}

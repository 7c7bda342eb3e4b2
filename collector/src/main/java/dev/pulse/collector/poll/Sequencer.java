package dev.pulse.collector.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.model.RawReading;
import dev.pulse.common.model.ReadingKind;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Numbers readings per engine and kind, from 1 up by 1, so gaps downstream reveal loss. */
public final class Sequencer {
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    public RawReading next(String engineId, ReadingKind kind, Instant collectedAt, JsonNode payload) {
        long sequence = counters.computeIfAbsent(engineId + '/' + kind.wireName(), key -> new AtomicLong())
                .incrementAndGet();
        return new RawReading(engineId, kind, sequence, collectedAt, payload);
    }
}

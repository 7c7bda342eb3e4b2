package dev.pulse.gateway.snapshot;

import dev.pulse.common.model.StreamName;
import dev.pulse.gateway.fanout.Subscription;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest event per stream and engine, as the record bytes. Filled from the compacted dashboard topics, which is
 * exactly what compaction keeps: each replica rebuilds it on start-up.
 */
public final class SnapshotCache {
    /** One cached event. */
    public record Entry(StreamName stream, String engineId, byte[] json) {}

    private final Map<StreamName, Map<String, byte[]>> latest = new EnumMap<>(StreamName.class);

    public SnapshotCache() {
        for (StreamName stream : StreamName.values()) {
            latest.put(stream, new ConcurrentHashMap<>());
        }
    }

    /** Keeps the value as the engine's latest; a tombstone (null) forgets the engine. */
    public void put(StreamName stream, String engineId, byte[] json) {
        if (json == null) {
            latest.get(stream).remove(engineId);
        } else {
            latest.get(stream).put(engineId, json);
        }
    }

    /** The latest events of the subscription's streams and engines, stream by stream. */
    public List<Entry> entries(Subscription subscription) {
        List<Entry> entries = new ArrayList<>();
        for (StreamName stream : StreamName.values()) {
            if (!subscription.streams().contains(stream)) {
                continue;
            }
            latest.get(stream).forEach((engine, json) -> {
                if (subscription.wantsEngine(engine)) {
                    entries.add(new Entry(stream, engine, json));
                }
            });
        }
        entries.sort(Comparator.comparing(Entry::engineId).thenComparing(Entry::stream));
        return entries;
    }

    public int size() {
        return latest.values().stream().mapToInt(Map::size).sum();
    }
}

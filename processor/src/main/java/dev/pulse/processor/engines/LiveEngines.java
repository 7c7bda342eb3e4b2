package dev.pulse.processor.engines;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The distinct engines one processor instance keeps state for, capped at {@code PROCESSOR_MAX_ENGINES}. One instance is
 * shared by all the stream tasks of a Kafka Streams instance (and so by its threads): an engine id is a key, so it
 * lives in exactly one task, and the count is the instance's. The gate admits engines; the stream processor releases
 * them when it retires one and when its task is closed (its partitions migrate to another instance, which then counts
 * them against its own cap), and registers the engines of a restored store without asking.
 */
public final class LiveEngines {
    private static final long REFUSAL_LOG_INTERVAL_MS = 60_000;

    private final int max;
    private final Set<String> engines = ConcurrentHashMap.newKeySet();
    private final AtomicLong refusedSinceLog = new AtomicLong();
    private final AtomicLong lastRefusalLogMs = new AtomicLong(Long.MIN_VALUE);

    public LiveEngines(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        this.max = max;
    }

    /** True when the engine is live already or there is room for it (it is then live). */
    public boolean admit(String engineId) {
        if (engines.contains(engineId)) {
            return true;
        }
        // The check and the add must not interleave with another task's, or the cap could be passed.
        synchronized (this) {
            if (engines.size() >= max && !engines.contains(engineId)) {
                return false;
            }
            engines.add(engineId);
            return true;
        }
    }

    /** Registers engines whose state a task already holds (restored): they are live, whatever the cap. */
    public void restore(Collection<String> engineIds) {
        engines.addAll(engineIds);
    }

    public void release(String engineId) {
        engines.remove(engineId);
    }

    public void releaseAll(Collection<String> engineIds) {
        engines.removeAll(engineIds);
    }

    public int count() {
        return engines.size();
    }

    public int max() {
        return max;
    }

    /**
     * Counts a refusal and says whether to log it now: at most once per minute per instance. Returns the refusals since
     * the last line (this one included), or 0 when the line is not due.
     */
    public long refusedLogDue(long nowMs) {
        long refused = refusedSinceLog.incrementAndGet();
        long last = lastRefusalLogMs.get();
        if (last != Long.MIN_VALUE && nowMs - last < REFUSAL_LOG_INTERVAL_MS) {
            return 0;
        }
        if (!lastRefusalLogMs.compareAndSet(last, nowMs)) {
            return 0;
        }
        refusedSinceLog.addAndGet(-refused);
        return refused;
    }
}

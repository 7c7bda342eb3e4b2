package dev.pulse.gateway.sse;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * How many SSE clients this JVM's heap holds. A client lives as long as its connection, so its objects end up in the
 * old generation: the capacity is what the old generation can hold once the replica's own data and a safety margin are
 * set aside. Connections past it are refused (429), so the number of clients can never exhaust the heap.
 *
 * @param oldGenerationBytes the old generation's maximum (the whole heap for a single-space collector)
 * @param perClientBytes heap budgeted per connected client ({@code GATEWAY_HEAP_PER_CLIENT_KB})
 */
public record HeapCapacity(long oldGenerationBytes, long perClientBytes) {
    /**
     * Live heap of a replica without clients (consumer, snapshot cache, Jetty, Javalin, metrics): about 12 MB measured
     * after a full GC; rounded up for a larger cache and catch-up readers.
     */
    public static final long BASELINE_BYTES = 16L << 20;
    /** Share of the old generation clients may fill; the rest absorbs promotion between collections. */
    public static final double USABLE_SHARE = 0.8;

    public HeapCapacity {
        if (oldGenerationBytes <= 0 || perClientBytes <= 0) {
            throw new IllegalArgumentException("sizes must be positive");
        }
    }

    /** This JVM's old generation (from its memory pools; 2/3 of the heap if none is recognisable). */
    public static HeapCapacity ofThisJvm(long perClientBytes) {
        long old = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool ->
                        pool.getType() == MemoryType.HEAP && pool.getUsage().getMax() > 0)
                .filter(HeapCapacity::isOldGeneration)
                .mapToLong(pool -> pool.getUsage().getMax())
                .findFirst()
                .orElse(Runtime.getRuntime().maxMemory() * 2 / 3);
        return new HeapCapacity(old, perClientBytes);
    }

    /** The bytes clients may occupy. */
    public long usableBytes() {
        return Math.max(0, (long) (oldGenerationBytes * USABLE_SHARE) - BASELINE_BYTES);
    }

    /** How many clients fit. */
    public int clients() {
        return (int) Math.min(Integer.MAX_VALUE, usableBytes() / perClientBytes);
    }

    /** The old generation needed for {@code clients} clients (for the message that says how to raise the cap). */
    public long oldGenerationFor(int clients) {
        return (long) ((BASELINE_BYTES + (long) clients * perClientBytes) / USABLE_SHARE);
    }

    private static boolean isOldGeneration(MemoryPoolMXBean pool) {
        return pool.getName().contains("Old") || pool.getName().contains("Tenured");
    }
}

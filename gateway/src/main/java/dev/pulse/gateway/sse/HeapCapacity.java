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
     * Live heap of a replica without clients (consumer, snapshot cache, Jetty, Javalin, metrics), as measured after a
     * full GC with the deployed flags (docs/gateway.md, "Memory per connection and the heap"), rounded up for a small
     * fleet's snapshot cache and catch-up readers.
     */
    public static final long BASELINE_BYTES = 20L << 20;
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

    /**
     * This JVM's {@code -Xmx}: the heap pools' maxima, with the second survivor space that the pools do not list (what
     * {@link Runtime#maxMemory()} leaves out); {@link Runtime#maxMemory()} when the pools give no maxima.
     */
    public static long configuredHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = pool.getType() == MemoryType.HEAP ? pool.getUsage().getMax() : 0;
            if (max < 0) {
                return Runtime.getRuntime().maxMemory();
            }
            sum += pool.getName().contains("Survivor") ? 2 * max : max;
        }
        return sum > 0 ? sum : Runtime.getRuntime().maxMemory();
    }

    /** How many clients fit. */
    public int clients() {
        return (int) Math.min(Integer.MAX_VALUE, usableBytes() / perClientBytes);
    }

    /** The old generation needed for {@code clients} clients (for the message that says how to raise the cap). */
    public long oldGenerationFor(int clients) {
        return (long) ((BASELINE_BYTES + (long) clients * perClientBytes) / USABLE_SHARE);
    }

    /**
     * The heap ({@code -Xmx}) that holds {@code clients} clients, when the heap grows with the old generation in this
     * JVM's proportion ({@code heapBytes} to this old generation; serial collector: old = 2/3 of -Xmx), rounded up to
     * whole MB.
     */
    public long heapFor(int clients, long heapBytes) {
        double bytes = (double) oldGenerationFor(clients) * heapBytes / oldGenerationBytes;
        return (long) Math.ceil(bytes / (1 << 20)) << 20;
    }

    private static boolean isOldGeneration(MemoryPoolMXBean pool) {
        return pool.getName().contains("Old") || pool.getName().contains("Tenured");
    }
}

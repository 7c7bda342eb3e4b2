package dev.pulse.gateway.sse;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Caps open streams per replica, per client address and by what the heap holds; past any cap the answer is 429. */
public final class ConnectionLimits {
    /** Why a connection was refused: a metric tag and a sentence for the client. */
    public record Rejection(String reason, String message) {}

    private final int maxTotal;
    private final int maxPerAddress;
    private final int heapClients;
    private final String heapMessage;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();

    public ConnectionLimits(int maxTotal, int maxPerAddress, HeapCapacity heap) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.heapClients = heap.clients();
        this.heapMessage =
                "this gateway's memory holds " + heapClients + " streams and all are taken; retry later or elsewhere";
    }

    /** The number of streams this replica takes: the configured total or what the heap holds, the smaller. */
    public int effectiveMaxTotal() {
        return Math.min(maxTotal, heapClients);
    }

    /** Takes a slot; when none is free, the reason instead (and nothing is taken). */
    public Optional<Rejection> tryAcquire(String address) {
        int open = total.incrementAndGet();
        // The heap first: by default the limit is what the heap holds, and the reason should say so.
        if (open > heapClients) {
            total.decrementAndGet();
            return Optional.of(new Rejection("limit_heap", heapMessage));
        }
        if (open > maxTotal) {
            total.decrementAndGet();
            return Optional.of(new Rejection(
                    "limit_total",
                    "this gateway serves its maximum of " + maxTotal + " streams; retry later or elsewhere"));
        }
        boolean[] granted = {false};
        perAddress.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerAddress) {
                return count;
            }
            granted[0] = true;
            return current + 1;
        });
        if (!granted[0]) {
            total.decrementAndGet();
            return Optional.of(new Rejection(
                    "limit_per_ip",
                    "address " + address + " already holds the maximum of " + maxPerAddress + " streams"));
        }
        return Optional.empty();
    }

    public void release(String address) {
        perAddress.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
        total.decrementAndGet();
    }
}

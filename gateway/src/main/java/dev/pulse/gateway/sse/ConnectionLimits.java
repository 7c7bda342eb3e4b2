package dev.pulse.gateway.sse;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Caps open streams per replica and per client address; past either cap the answer is 429. */
public final class ConnectionLimits {
    /** Why a connection was refused: a metric tag and a sentence for the client. */
    public record Rejection(String reason, String message) {}

    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();

    public ConnectionLimits(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Takes a slot; when none is free, the reason instead (and nothing is taken). */
    public Optional<Rejection> tryAcquire(String address) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return Optional.of(new Rejection("limit_total", "this gateway serves its maximum of " + maxTotal + " streams; retry later or elsewhere"));
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
            return Optional.of(new Rejection("limit_per_ip", "address " + address + " already holds the maximum of " + maxPerAddress + " streams"));
        }
        return Optional.empty();
    }

    public void release(String address) {
        perAddress.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
        total.decrementAndGet();
    }
}

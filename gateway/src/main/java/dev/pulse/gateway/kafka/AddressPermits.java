package dev.pulse.gateway.kafka;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few permits per client address, waited for fairly: one client cannot hold every catch-up slot. An address's entry
 * lives only while someone holds or waits for one of its permits.
 */
final class AddressPermits {
    private record Slot(Semaphore permits, AtomicInteger users) {}

    private final int perAddress;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    AddressPermits(int perAddress) {
        this.perAddress = perAddress;
    }

    boolean tryAcquire(String address, Duration wait) throws InterruptedException {
        Slot slot = slots.compute(address, (key, existing) -> {
            Slot s = existing != null ? existing : new Slot(new Semaphore(perAddress, true), new AtomicInteger());
            s.users().incrementAndGet();
            return s;
        });
        boolean acquired = false;
        try {
            acquired = slot.permits().tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
            return acquired;
        } finally {
            if (!acquired) {
                leave(address);
            }
        }
    }

    void release(String address) {
        Slot slot = slots.get(address);
        if (slot != null) {
            slot.permits().release();
            leave(address);
        }
    }

    private void leave(String address) {
        slots.computeIfPresent(address, (key, s) -> s.users().decrementAndGet() == 0 ? null : s);
    }
}

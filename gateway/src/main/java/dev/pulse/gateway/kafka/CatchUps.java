package dev.pulse.gateway.kafka;

import dev.pulse.common.config.KafkaSettings;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens {@link CatchUpReader}s, at most a fixed number at once and a few per client address, so neither a herd of
 * resuming clients nor one client opening many replays can exhaust the replica or starve the others.
 */
public final class CatchUps {
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final KafkaSettings kafka;
    private final PartitionLayout layout;
    private final Semaphore permits;
    private final AddressPermits perAddress;
    private final AtomicLong counter = new AtomicLong();

    public CatchUps(KafkaSettings kafka, PartitionLayout layout, int maxConcurrent, int maxPerAddress) {
        this.kafka = kafka;
        this.layout = layout;
        this.permits = new Semaphore(maxConcurrent, true);
        this.perAddress = new AddressPermits(maxPerAddress);
    }

    /** Waits for a permit of the client's address and one of the replica (bounded), then opens a reader. */
    public CatchUpReader open(String address) throws InterruptedException {
        if (!perAddress.tryAcquire(address, MAX_WAIT)) {
            throw new IllegalStateException("no catch-up slot free for " + address + " within " + MAX_WAIT);
        }
        if (!permits.tryAcquire(MAX_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
            perAddress.release(address);
            throw new IllegalStateException("no catch-up slot free within " + MAX_WAIT);
        }
        Runnable release = () -> {
            permits.release();
            perAddress.release(address);
        };
        try {
            return new CatchUpReader(
                    KafkaReaders.catchUpConsumer(kafka, "pulse-gateway-catchup-" + counter.incrementAndGet()),
                    layout,
                    release);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }
}

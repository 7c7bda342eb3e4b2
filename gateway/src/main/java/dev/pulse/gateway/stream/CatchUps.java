package dev.pulse.gateway.stream;

import dev.pulse.common.config.KafkaSettings;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens {@link CatchUpReader}s, at most a fixed number at once, so a herd of resuming clients cannot exhaust the
 * replica.
 */
public final class CatchUps {
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final KafkaSettings kafka;
    private final PartitionLayout layout;
    private final Semaphore permits;
    private final AtomicLong counter = new AtomicLong();

    public CatchUps(KafkaSettings kafka, PartitionLayout layout, int maxConcurrent) {
        this.kafka = kafka;
        this.layout = layout;
        this.permits = new Semaphore(maxConcurrent, true);
    }

    /** Waits for a permit (bounded), then opens a reader. */
    public CatchUpReader open() throws InterruptedException {
        if (!permits.tryAcquire(MAX_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("no catch-up slot free within " + MAX_WAIT);
        }
        try {
            return new CatchUpReader(
                    KafkaReaders.consumer(kafka, "pulse-gateway-catchup-" + counter.incrementAndGet()),
                    layout,
                    permits);
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }
}

package dev.pulse.gateway.sse;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One timer for every stream's heartbeat: idle clients have no thread of their own to wait with, so this looks at every
 * session a few times per interval and asks the idle ones for a comment. A heartbeat is thus sent between one interval
 * and one tick more after the last write. The same tick drops the clients whose write has waited past the write
 * timeout.
 */
final class Heartbeats implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("sse-heartbeats").factory());

    Heartbeats(Set<SseSession> sessions, Duration interval) {
        long tick = Math.max(10, Math.min(1000, interval.toMillis() / 4));
        timer.scheduleWithFixedDelay(
                () -> {
                    long now = System.nanoTime();
                    for (SseSession session : sessions) {
                        session.heartbeatIfIdle(now);
                        session.dropIfStalled(now);
                    }
                },
                tick,
                tick,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

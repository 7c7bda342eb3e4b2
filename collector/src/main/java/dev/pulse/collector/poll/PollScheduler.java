package dev.pulse.collector.poll;

import dev.pulse.collector.metrics.CollectorMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ticks every engine at the configured interval. A tick only starts a poll (on a virtual thread), so a slow engine
 * never delays another's schedule; a tick that finds the engine's previous poll still running is skipped, so polls of
 * one engine never pile up.
 */
public final class PollScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PollScheduler.class);

    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private final Duration interval;

    private PollScheduler(ScheduledExecutorService ticker, ExecutorService workers, Duration interval) {
        this.ticker = ticker;
        this.workers = workers;
        this.interval = interval;
    }

    /** Starts ticking; pollers' own parallel fetches may share {@code workers}. */
    public static PollScheduler start(
            List<EnginePoller> pollers, Duration interval, ExecutorService workers, CollectorMetrics metrics) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "collector-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        long period = interval.toNanos();
        for (int i = 0; i < pollers.size(); i++) {
            EnginePoller poller = pollers.get(i);
            AtomicBoolean running = new AtomicBoolean();
            // Spread engines over the period so their polls do not all start at once.
            long offset = period * i / pollers.size();
            ticker.scheduleAtFixedRate(
                    () -> {
                        if (!running.compareAndSet(false, true)) {
                            metrics.poll(poller.engineId(), "skipped");
                            return;
                        }
                        workers.execute(() -> {
                            try {
                                poller.pollOnce();
                            } catch (RejectedExecutionException e) {
                                // shutting down: the poll's fetches were refused, nothing to report
                            } catch (RuntimeException e) {
                                LOG.error("poll failed unexpectedly engine={}", poller.engineId(), e);
                            } finally {
                                running.set(false);
                            }
                        });
                    },
                    offset,
                    period,
                    TimeUnit.NANOSECONDS);
        }
        LOG.info("polling engines={} interval={}ms", pollers.size(), interval.toMillis());
        return new PollScheduler(ticker, workers, interval);
    }

    /** Stops ticking and waits (up to one interval and a bit) for running polls to end. */
    @Override
    public void close() {
        ticker.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(interval.toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

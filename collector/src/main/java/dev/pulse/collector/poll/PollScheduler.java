package dev.pulse.collector.poll;

import dev.pulse.collector.metrics.CollectorMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ticks every engine at the configured interval. A tick only starts a poll (on a virtual thread), so a slow engine
 * never delays another's schedule; a tick that finds the engine's previous poll still running is skipped, so polls of
 * one engine never pile up. Engines can be added and removed while it runs (a reload of the engines file).
 */
public final class PollScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PollScheduler.class);

    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private final Duration interval;
    private final CollectorMetrics metrics;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    /** One engine's schedule and its poll in progress (set only by the ticker thread). */
    private static final class Slot {
        private ScheduledFuture<?> schedule;
        private volatile CompletableFuture<Void> running = CompletableFuture.completedFuture(null);
    }

    private PollScheduler(
            ScheduledExecutorService ticker, ExecutorService workers, Duration interval, CollectorMetrics metrics) {
        this.ticker = ticker;
        this.workers = workers;
        this.interval = interval;
        this.metrics = metrics;
    }

    /** Starts ticking; pollers' own parallel fetches may share {@code workers}. */
    public static PollScheduler start(
            List<EnginePoller> pollers, Duration interval, ExecutorService workers, CollectorMetrics metrics) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "collector-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        PollScheduler scheduler = new PollScheduler(ticker, workers, interval, metrics);
        long period = interval.toNanos();
        for (int i = 0; i < pollers.size(); i++) {
            // Spread engines over the period so their polls do not all start at once.
            scheduler.schedule(pollers.get(i), period * i / pollers.size());
        }
        LOG.info("polling engines={} interval={}ms", pollers.size(), interval.toMillis());
        return scheduler;
    }

    /** Starts polling one more engine, at once. */
    public void add(EnginePoller poller) {
        schedule(poller, 0);
    }

    private void schedule(EnginePoller poller, long offsetNanos) {
        Slot slot = new Slot();
        if (slots.putIfAbsent(poller.engineId(), slot) != null) {
            throw new IllegalStateException("engine already scheduled: " + poller.engineId());
        }
        slot.schedule = ticker.scheduleAtFixedRate(
                () -> tick(poller, slot), offsetNanos, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void tick(EnginePoller poller, Slot slot) {
        if (!slot.running.isDone()) {
            metrics.poll(poller.engineId(), "skipped");
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        slot.running = done;
        try {
            workers.execute(() -> {
                try {
                    poller.pollOnce();
                } catch (RejectedExecutionException e) {
                    // shutting down: the poll's fetches were refused, nothing to report
                } catch (RuntimeException e) {
                    LOG.error("poll failed unexpectedly engine={}", poller.engineId(), e);
                } finally {
                    done.complete(null);
                }
            });
        } catch (RejectedExecutionException e) {
            done.complete(null);
        }
    }

    /**
     * Stops polling an engine and waits (up to one interval and a bit) for its poll in progress to end, so that nothing
     * of it is produced after this returns. False if the engine was not scheduled.
     */
    public boolean remove(String engineId) {
        Slot slot = slots.remove(engineId);
        if (slot == null) {
            return false;
        }
        slot.schedule.cancel(false);
        try {
            // The ticker is one thread: once this no-op ran, no tick of the engine is under way any more.
            ticker.submit(() -> {}).get(interval.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            slot.running.get(interval.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warn("poll of a removed engine did not end in time engine={}", engineId);
        }
        return true;
    }

    /** The engines scheduled now. */
    public int size() {
        return slots.size();
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

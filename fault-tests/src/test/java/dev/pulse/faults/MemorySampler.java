package dev.pulse.faults;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAccumulator;

/** Samples a service's heap (its /metrics) and resident set size (/proc) while a scenario runs. */
final class MemorySampler implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().unstarted(r));
    private final DoubleAccumulator maxHeap = new DoubleAccumulator(Math::max, 0);
    private final DoubleAccumulator maxRss = new DoubleAccumulator(Math::max, 0);
    private volatile double lastHeap = Double.NaN;

    MemorySampler(ServiceNode node, long everyMs) {
        timer.scheduleAtFixedRate(
                () -> {
                    double heap = Http.heapMib(node);
                    if (!Double.isNaN(heap)) {
                        maxHeap.accumulate(heap);
                        lastHeap = heap;
                    }
                    double rss = Http.rssMib(node.pid());
                    if (!Double.isNaN(rss)) {
                        maxRss.accumulate(rss);
                    }
                },
                0,
                everyMs,
                TimeUnit.MILLISECONDS);
    }

    double maxHeapMib() {
        return maxHeap.get();
    }

    double maxRssMib() {
        return maxRss.get();
    }

    double lastHeapMib() {
        return lastHeap;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package dev.pulse.bench.measure;

import org.HdrHistogram.Histogram;

/**
 * Latencies recorded in microseconds in an HdrHistogram (three significant digits, any range), summarised in
 * milliseconds. A percentile is the nearest rank's value, as the upper bound of its HdrHistogram bucket. Not
 * thread-safe: one recorder per thread, or synchronize.
 */
public final class LatencyHistogram {
    private final Histogram micros = new Histogram(3);

    /** One latency; a negative one (clocks of two processes) counts as 0. */
    public void record(long nanos) {
        micros.recordValue(Math.max(0, nanos) / 1_000);
    }

    public long count() {
        return micros.getTotalCount();
    }

    public void reset() {
        micros.reset();
    }

    /** p50, p95, p99, max in ms; NaN when empty. */
    public LatencySummary summary() {
        long count = micros.getTotalCount();
        if (count == 0) {
            return LatencySummary.EMPTY;
        }
        return new LatencySummary(
                count, percentileMs(50), percentileMs(95), percentileMs(99), micros.getMaxValue() / 1e3);
    }

    private double percentileMs(double percentile) {
        return micros.getValueAtPercentile(percentile) / 1e3;
    }
}

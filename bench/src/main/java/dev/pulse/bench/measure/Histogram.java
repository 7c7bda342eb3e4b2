package dev.pulse.bench.measure;

/**
 * Latencies in 100 µs buckets up to 30 s; percentiles by the nearest rank, reported as the bucket's upper bound. Not
 * thread-safe: one recorder per thread, {@link #add} to merge.
 */
public final class Histogram {
    private static final long BUCKET_NANOS = 100_000;
    private static final int BUCKETS = 300_000;

    private final long[] counts = new long[BUCKETS + 1];
    private long total;
    private long maxNanos;

    public void record(long nanos) {
        long clamped = Math.max(0, nanos);
        counts[(int) Math.min(BUCKETS, clamped / BUCKET_NANOS)]++;
        total++;
        maxNanos = Math.max(maxNanos, clamped);
    }

    public void add(Histogram other) {
        for (int i = 0; i <= BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        maxNanos = Math.max(maxNanos, other.maxNanos);
    }

    public long count() {
        return total;
    }

    /** The p-quantile (0..1) in milliseconds; NaN when empty. */
    public double percentileMs(double p) {
        if (total == 0) {
            return Double.NaN;
        }
        if (p >= 1.0) {
            return maxNanos / 1e6;
        }
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min((i + 1) * BUCKET_NANOS, maxNanos) / 1e6;
            }
        }
        return maxNanos / 1e6;
    }

    public void reset() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
        maxNanos = 0;
    }

    /** p50, p95, p99, max in ms. */
    public LatencySummary summary() {
        return new LatencySummary(total, percentileMs(0.50), percentileMs(0.95), percentileMs(0.99), percentileMs(1.0));
    }
}

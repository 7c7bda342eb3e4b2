package dev.pulse.processor.window;

import dev.pulse.common.model.FieldStats;
import java.util.Arrays;

/**
 * One numeric field's readings in a window, kept in bounded space: count, min and sum exactly, and the
 * {@value #LARGEST_KEPT} largest values, from which the p95 is read. The nearest-rank p95 of n values is the (n −
 * ⌈0.95·n⌉ + 1)-th largest, so it is exact while that rank is at most {@value #LARGEST_KEPT}, i.e. for windows of up to
 * {@value #EXACT_UP_TO} readings; beyond that it reports the {@value #LARGEST_KEPT}-th largest value, which is at or
 * above the true p95. Adding a reading costs O({@value #LARGEST_KEPT}) whatever the window's length, and so does
 * storing it.
 *
 * @param count values added
 * @param min smallest value
 * @param sum sum of the values (the mean is sum / count)
 * @param largest the largest values, descending, at most {@value #LARGEST_KEPT}; never modified
 */
public record FieldSummary(long count, double min, double sum, double[] largest) {
    public static final int LARGEST_KEPT = 128;
    /** The longest window (in readings) whose p95 is exact: the p95 is the (⌊n/20⌋ + 1)-th largest value. */
    public static final int EXACT_UP_TO = 20 * LARGEST_KEPT - 1;

    public FieldSummary {
        if (count < 1 || largest.length == 0 || largest.length > LARGEST_KEPT) {
            throw new IllegalArgumentException("a field summary holds 1 to " + LARGEST_KEPT + " largest values, got "
                    + largest.length + " of " + count);
        }
    }

    public static FieldSummary of(double value) {
        return new FieldSummary(1, value, value, new double[] {value});
    }

    /** A copy with one more value. */
    public FieldSummary plus(double value) {
        int kept = Math.min(largest.length + 1, LARGEST_KEPT);
        double[] next = new double[kept];
        int at = 0;
        while (at < largest.length && largest[at] >= value) {
            at++;
        }
        System.arraycopy(largest, 0, next, 0, Math.min(at, kept));
        if (at < kept) {
            next[at] = value;
            System.arraycopy(largest, at, next, at + 1, kept - at - 1);
        }
        return new FieldSummary(count + 1, Math.min(min, value), sum + value, next);
    }

    /** min, max, mean and the nearest-rank p95 (the ⌈0.95·n⌉-th smallest value). */
    public FieldStats stats() {
        long rankFromTop = count - ceilOf95Percent(count); // 0 = the largest
        double p95 = largest[(int) Math.min(rankFromTop, largest.length - 1)];
        return new FieldStats(min, largest[0], sum / count, p95);
    }

    /** ⌈0.95·n⌉ in integers: 0.95 has no exact binary form, so {@code Math.ceil(0.95 * n)} can be off by one. */
    static long ceilOf95Percent(long n) {
        return (19 * n + 19) / 20;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldSummary that
                && count == that.count
                && Double.compare(min, that.min) == 0
                && Double.compare(sum, that.sum) == 0
                && Arrays.equals(largest, that.largest);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(count) + Arrays.hashCode(largest);
    }

    @Override
    public String toString() {
        return "FieldSummary[count=" + count + ", min=" + min + ", sum=" + sum + ", largest=" + Arrays.toString(largest)
                + "]";
    }
}

package dev.pulse.faults;

import java.util.List;
import java.util.stream.LongStream;

/** Silences in a flow of events: how long nothing arrived around a fault. */
final class Gaps {
    private Gaps() {}

    /**
     * The longest time between consecutive arrivals from {@code from} on, counting the first one after {@code from}.
     */
    static long longestAfter(List<Long> arrivalsMs, long from) {
        long previous = from;
        long longest = 0;
        for (long at : arrivalsMs.stream()
                .mapToLong(Long::longValue)
                .filter(t -> t >= from)
                .sorted()
                .toArray()) {
            longest = Math.max(longest, at - previous);
            previous = at;
        }
        return longest;
    }

    static long percentile(List<Long> values, double p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    static long median(List<Long> values) {
        return percentile(values, 50);
    }

    static LongStream stream(List<Long> values) {
        return values.stream().mapToLong(Long::longValue);
    }
}

package dev.pulse.faults;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The invariant behind "no gap, no duplicate": per engine and stream, the LIVE sequence numbers seen are exactly
 * {@code from..to}, each once.
 *
 * @param missing sequence numbers expected but never seen, per key (at most a few listed)
 * @param duplicates sequence numbers seen more than once, per key
 * @param missingCount how many were missing in all
 * @param duplicateCount how many surplus copies there were in all
 */
record SequenceCheck(
        Map<String, List<Long>> missing, Map<String, List<Long>> duplicates, long missingCount, long duplicateCount) {
    private static final int LISTED = 10;

    /** Checks that every key holds exactly 1..expected.get(key) (keys not expected must not appear). */
    static SequenceCheck exactly(Map<String, List<Long>> seen, Map<String, Long> expected) {
        Map<String, long[]> ranges = new TreeMap<>();
        expected.forEach((key, last) -> ranges.put(key, new long[] {1, last}));
        return check(seen, ranges);
    }

    /**
     * An SSE client's LIVE events against what was written: for each key of {@code lastWritten}, its sequence numbers
     * run without gap or repeat from the first one the client got (1 if none) to the last written. A client that joins
     * late is not faulted for what came before it; keys not in {@code lastWritten} are not checked.
     */
    static SequenceCheck ofClient(SseClient client, Map<String, Long> lastWritten) {
        Map<String, List<Long>> seen = new TreeMap<>();
        for (SseClient.Received event : client.events()) {
            if (event.live()) {
                seen.computeIfAbsent(event.key(), k -> new ArrayList<>()).add(event.sequence());
            }
        }
        Map<String, long[]> ranges = new TreeMap<>();
        lastWritten.forEach((key, last) -> {
            List<Long> got = seen.getOrDefault(key, List.of());
            ranges.put(key, new long[] {got.isEmpty() ? 1 : got.getFirst(), last});
        });
        return check(seen, ranges);
    }

    /** Checks that every key holds exactly {@code from..to} of its range. */
    static SequenceCheck check(Map<String, List<Long>> seen, Map<String, long[]> ranges) {
        Map<String, List<Long>> missing = new TreeMap<>();
        Map<String, List<Long>> duplicates = new TreeMap<>();
        long missingCount = 0;
        long duplicateCount = 0;
        Set<String> keys = new HashSet<>(ranges.keySet());
        keys.addAll(seen.keySet());
        for (String key : keys) {
            List<Long> got = seen.getOrDefault(key, List.of());
            long[] range = ranges.getOrDefault(key, new long[] {1, 0});
            Set<Long> once = new HashSet<>();
            for (long sequence : got) {
                if (!once.add(sequence) || sequence < range[0] || sequence > range[1]) {
                    duplicateCount++;
                    list(duplicates, key, sequence);
                }
            }
            for (long sequence = range[0]; sequence <= range[1]; sequence++) {
                if (!once.contains(sequence)) {
                    missingCount++;
                    list(missing, key, sequence);
                }
            }
        }
        return new SequenceCheck(missing, duplicates, missingCount, duplicateCount);
    }

    private static void list(Map<String, List<Long>> into, String key, long sequence) {
        List<Long> listed = into.computeIfAbsent(key, k -> new ArrayList<>());
        if (listed.size() < LISTED) {
            listed.add(sequence);
        }
    }

    boolean exact() {
        return missingCount == 0 && duplicateCount == 0;
    }

    @Override
    public String toString() {
        return "missing=" + missingCount + " " + missing + " duplicates=" + duplicateCount + " " + duplicates;
    }
}

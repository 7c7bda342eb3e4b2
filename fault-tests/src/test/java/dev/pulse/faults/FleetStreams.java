package dev.pulse.faults;

import dev.pulse.faults.StreamTopicLog.Entry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a fleet's streams did, per engine and stream, from the records of the stream topics: first LIVE, then the
 * STALE/FALLBACK repeats while silent, then RETIRED and a tombstone. Each key lives in one partition of one topic, so
 * its records are in the order the processor wrote them.
 */
final class FleetStreams {
    private final List<Entry> entries;
    private final Map<String, List<Entry>> byKey = new LinkedHashMap<>();

    private FleetStreams(List<Entry> entries) {
        this.entries = entries;
        entries.forEach(
                e -> byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e));
    }

    static FleetStreams of(List<Entry> entries) {
        return new FleetStreams(entries);
    }

    long records() {
        return entries.size();
    }

    long liveKeys() {
        return byKey.values().stream()
                .filter(list -> list.stream().anyMatch(Entry::live))
                .count();
    }

    long lastLiveReceivedMs() {
        return entries.stream()
                .filter(Entry::live)
                .mapToLong(Entry::receivedAtMs)
                .max()
                .orElse(0);
    }

    /** From the first LIVE event to the last one, in the processor's clock: how long the one reading each took. */
    long liveEmittedSpreadMs() {
        var live = entries.stream()
                .filter(Entry::live)
                .mapToLong(Entry::emittedAtMs)
                .summaryStatistics();
        return live.getCount() == 0 ? 0 : live.getMax() - live.getMin();
    }

    /** Keys with at least {@code n} STALE/FALLBACK events. */
    long settledKeys(int n) {
        return byKey.values().stream().filter(list -> repeats(list).size() >= n).count();
    }

    /** When the last key's {@code n}-th STALE/FALLBACK event was emitted: from then on every key repeats at the max. */
    long settledAtMs(int n) {
        return byKey.values().stream()
                .mapToLong(list -> repeats(list).get(n - 1).emittedAtMs())
                .max()
                .orElseThrow();
    }

    /** Events (not tombstones) emitted in {@code [fromMs, toMs)}. */
    long eventsEmittedIn(long fromMs, long toMs) {
        return entries.stream()
                .filter(e -> !e.tombstone() && e.emittedAtMs() >= fromMs && e.emittedAtMs() < toMs)
                .count();
    }

    /** When the processor emitted its first RETIRED event. */
    long firstRetiredEmittedMs() {
        return entries.stream()
                .filter(e -> "RETIRED".equals(e.status()))
                .mapToLong(Entry::emittedAtMs)
                .min()
                .orElseThrow();
    }

    /** Keys with a tombstone after a RETIRED event. */
    long retiredKeys() {
        return byKey.values().stream().filter(FleetStreams::retired).count();
    }

    /** Keys whose records end with their only RETIRED event, then their only tombstone. */
    long endsRetired() {
        return byKey.values().stream()
                .filter(list -> list.size() >= 2
                        && "RETIRED".equals(list.get(list.size() - 2).status())
                        && list.getLast().tombstone()
                        && list.stream()
                                        .filter(e -> "RETIRED".equals(e.status()))
                                        .count()
                                == 1
                        && list.stream().filter(Entry::tombstone).count() == 1)
                .count();
    }

    long lastTombstoneReceivedMs() {
        return entries.stream()
                .filter(Entry::tombstone)
                .mapToLong(Entry::receivedAtMs)
                .max()
                .orElse(0);
    }

    /** The longest time between two events of a key from its {@code n}-th STALE/FALLBACK event to its RETIRED one. */
    long longestRepeatGapMs(int n) {
        long longest = 0;
        for (List<Entry> list : byKey.values()) {
            List<Entry> after = list.stream()
                    .filter(e -> !e.tombstone() && !e.live())
                    .skip(n - 1)
                    .toList();
            for (int i = 1; i < after.size(); i++) {
                longest = Math.max(
                        longest, after.get(i).emittedAtMs() - after.get(i - 1).emittedAtMs());
            }
        }
        return longest;
    }

    /** The shortest (or longest) time from a key's last LIVE event to its RETIRED one. */
    long retiredAfterLiveMs(boolean longest) {
        var delays = byKey.values().stream()
                .mapToLong(list -> {
                    long live = list.stream()
                            .filter(Entry::live)
                            .mapToLong(Entry::emittedAtMs)
                            .max()
                            .orElse(-1);
                    long retired = list.stream()
                            .filter(e -> "RETIRED".equals(e.status()))
                            .mapToLong(Entry::emittedAtMs)
                            .min()
                            .orElse(-1);
                    return live < 0 || retired < 0 ? -1 : retired - live;
                })
                .summaryStatistics();
        return longest ? delays.getMax() : delays.getMin();
    }

    private static List<Entry> repeats(List<Entry> list) {
        return list.stream()
                .filter(e -> "STALE".equals(e.status()) || "FALLBACK".equals(e.status()))
                .toList();
    }

    private static boolean retired(List<Entry> list) {
        boolean sawRetired = false;
        for (Entry e : list) {
            sawRetired |= "RETIRED".equals(e.status());
            if (sawRetired && e.tombstone()) {
                return true;
            }
        }
        return false;
    }
}

package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.faults.SseClient.Received;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a stopped collector wrote to the raw topic, and the checks that the dashboards and an SSE client got each of
 * those readings exactly once. Shared by the cluster scenarios, which all end with the same accounting.
 *
 * @param rawSequences sequence numbers on the raw topic per "engine/kind"
 * @param lastCollected the last collected data sequence per dashboard key ("engine/analytics" for system readings)
 */
record CollectedReadings(Map<String, List<Long>> rawSequences, Map<String, Long> lastCollected) {

    /** The dashboards' and the client's checks against what was collected. */
    record Delivery(CollectedReadings readings, SequenceCheck dashboards, SequenceCheck client) {
        /** The accounting's figures, under the same keys in every scenario that ends with it. */
        Figures addTo(Figures figures) {
            return figures.put("rawDuplicates", readings.rawDuplicates())
                    .put("dashboardMissing", dashboards.missingCount())
                    .put("dashboardDuplicates", dashboards.duplicateCount())
                    .put("sseGaps", client.missingCount())
                    .put("sseDuplicates", client.duplicateCount());
        }

        /** Nothing written twice to the raw topic; the dashboards and the client have each reading once. */
        void assertExact() {
            assertThat(readings.rawDuplicates())
                    .as("readings written twice to the raw topic")
                    .isZero();
            assertThat(dashboards.exact())
                    .as("dashboards vs raw: %s", dashboards)
                    .isTrue();
            assertThat(client.exact()).as("SSE client: %s", client).isTrue();
        }
    }

    /**
     * Reads what the stopped collector wrote, waits until the dashboards and the client have all of it (or the waits
     * time out) and checks both.
     */
    static Delivery awaitDelivered(FaultStack stack, SseClient client) throws IOException {
        CollectedReadings readings = read(stack);
        try (DashboardLog dashboards = new DashboardLog(stack.bootstrapServers())) {
            await("every collected reading on the dashboards")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> readings.dashboardCheck(dashboards).missingCount() == 0);
            SequenceCheck dashboardCheck = readings.dashboardCheck(dashboards);
            await("the client has every reading")
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> SequenceCheck.ofClient(client, readings.lastCollected)
                                    .missingCount()
                            == 0);
            return new Delivery(readings, dashboardCheck, SequenceCheck.ofClient(client, readings.lastCollected));
        }
    }

    /** Reads the raw topic: call after the collector stopped, so nothing more is written. */
    static CollectedReadings read(FaultStack stack) throws IOException {
        Map<String, List<Long>> raw = BrokerRestartIT.rawSequences(stack);
        Map<String, Long> last = new TreeMap<>();
        raw.forEach((key, sequences) -> {
            if (!key.endsWith("/status")) {
                last.put(
                        key.replace("/system", "/analytics"),
                        sequences.stream().mapToLong(Long::longValue).max().orElse(0));
            }
        });
        return new CollectedReadings(raw, last);
    }

    /** Readings written twice to the raw topic (a retried send that had in fact landed). */
    long rawDuplicates() {
        return rawSequences.values().stream()
                .mapToLong(s -> s.size() - s.stream().distinct().count())
                .sum();
    }

    /** The dashboards' LIVE sequence numbers against the raw topic's data readings. */
    SequenceCheck dashboardCheck(DashboardLog dashboards) {
        return BrokerRestartIT.liveMatchesRaw(dashboards, rawSequences);
    }

    /** The longest time between two LIVE events at the client, in ms: how long a fault held the stream up. */
    static long longestLiveGapMs(SseClient client) {
        List<Long> times = client.events().stream()
                .filter(Received::live)
                .map(Received::atMs)
                .sorted()
                .toList();
        long longest = 0;
        for (int i = 1; i < times.size(); i++) {
            longest = Math.max(longest, times.get(i) - times.get(i - 1));
        }
        return longest;
    }
}

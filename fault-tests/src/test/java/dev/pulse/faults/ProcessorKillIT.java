package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.process.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4: the processor killed with SIGKILL at random moments under load, and started again each time (same state
 * directory, as a supervisor would). Read {@code read_committed}, the dashboard topics must hold every sequence number
 * written exactly once among the LIVE events.
 */
class ProcessorKillIT {
    /** Lets the group notice a dead member in seconds rather than the default 45 s (see docs/faults.md). */
    static final Map<String, String> FAST_FAILOVER =
            Map.of("KAFKA_SESSION_TIMEOUT_MS", "6000", "KAFKA_HEARTBEAT_INTERVAL_MS", "1000");

    private static final long SEED = 4;

    @Test
    void shouldHoldEverySequenceNumberExactlyOnceAfterTheProcessorIsKilledRepeatedlyUnderLoad() {
        int kills = Profile.pick(3, 10);
        Random random = new Random(SEED);
        try (FaultStack stack = FaultStack.start("processor-kill");
                DashboardLog dashboards = new DashboardLog(stack.bootstrapServers());
                RawLoad load = new RawLoad(
                        stack.bootstrapServers(),
                        List.of("engine-a", "engine-b", "engine-c", "engine-d", "engine-e"),
                        Duration.ofMillis(100))) {
            ServiceNode processor = stack.start("processor", Service.PROCESSOR, FAST_FAILOVER);
            load.start();
            awaitLiveAfter(dashboards, System.currentTimeMillis());

            List<Long> silences = new ArrayList<>();
            List<Long> killTimes = new ArrayList<>();
            for (int kill = 1; kill <= kills; kill++) {
                long processingSince = System.currentTimeMillis();
                awaitLiveAfter(dashboards, processingSince);
                // A random moment while it processes: after a random number of its results (30-450, about
                // 0.2-3 s of the 150 readings/s load), so the kill always lands mid-stream.
                awaitLiveCountAfter(dashboards, processingSince, 30 + random.nextInt(420));
                long killedAt = System.currentTimeMillis();
                processor.kill();
                killTimes.add(killedAt);
                processor.start();
                awaitLiveAfter(dashboards, System.currentTimeMillis());
            }
            await("processor ready")
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> Http.get(processor.uri("/ready")).status() == 200);
            load.stop();
            Map<String, Long> written = load.written();
            await("every reading LIVE")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> SequenceCheck.exactly(dashboards.liveSequences(e -> true), written)
                                    .missingCount()
                            == 0);

            List<Long> liveArrivals = dashboards.events().stream()
                    .filter(DashboardLog.Event::live)
                    .map(DashboardLog.Event::receivedAtMs)
                    .toList();
            for (long killedAt : killTimes) {
                silences.add(Gaps.longestAfter(
                        liveArrivals.stream()
                                .filter(t -> t < killedAt + 120_000)
                                .toList(),
                        killedAt));
            }
            SequenceCheck check = SequenceCheck.exactly(dashboards.liveSequences(e -> true), written);
            Figures.of("processor-kill")
                    .put("kills", kills)
                    .put("seed", SEED)
                    .put("readings", load.total())
                    .put(
                            "liveEvents",
                            dashboards.liveSequences(e -> true).values().stream()
                                    .mapToInt(List::size)
                                    .sum())
                    .put("missing", check.missingCount())
                    .put("duplicates", check.duplicateCount())
                    .put("outageAfterKillMsMedian", Gaps.median(silences))
                    .put("outageAfterKillMsMax", Gaps.max(silences))
                    .put("outagesMs", silences)
                    .report();

            assertThat(check.exact())
                    .as("every sequence number once: %s", check)
                    .isTrue();
            assertThat(load.failures()).as("raw writes refused").isZero();
        }
    }

    /** Waits until a LIVE event arrives that was read after {@code sinceMs}: the processor processes. */
    static void awaitLiveCountAfter(DashboardLog dashboards, long sinceMs, int count) {
        await(count + " LIVE events after " + sinceMs)
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> dashboards.liveCountAfter(sinceMs) >= count);
    }

    static void awaitLiveAfter(DashboardLog dashboards, long sinceMs) {
        await("a LIVE event after " + sinceMs)
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> dashboards.events().stream().anyMatch(e -> e.live() && e.receivedAtMs() > sinceMs));
    }
}

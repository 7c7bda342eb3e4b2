package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.json.Json;
import dev.pulse.common.model.StreamName;
import dev.pulse.process.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Scenario 11: the collector killed with SIGKILL mid-stream and started again, with the simulator and the processor
 * running as processes. What Kafka acknowledged (the raw topic, read {@code read_committed} from the start) must come
 * out LIVE exactly once per engine, stream, run and sequence; the restart must be a new, greater run; and what the
 * killed collector held in memory is lost visibly: the processor counts each engine's run change and logs it.
 */
@Isolated("its figures are recovery times, which a neighbour's load would stretch")
class CollectorKillIT {
    private static final String SCENARIO = "collector-kill";
    private static final List<String> ENGINES = List.of("engine-k1", "engine-k2", "engine-k3");
    private static final Duration INTERVAL = Duration.ofMillis(200);
    /** LIVE events per engine and stream that make a run "streaming" (a few seconds at the interval). */
    private static final int STEADY = 10;

    private static final Duration STALE_AFTER = Duration.ofSeconds(1);
    private static final long SEED = 11;

    @Test
    void shouldDeliverEveryAcknowledgedReadingOnceAndMakeTheLostRunVisibleAfterTheCollectorIsKilled() {
        Random random = new Random(SEED);
        try (FaultStack stack = FaultStack.start(SCENARIO);
                StreamTopicLog topics = new StreamTopicLog(stack.bootstrapServers())) {
            ServiceNode simulator = stack.node("simulator", Service.SIMULATOR, Map.of());
            // Silence past STALE_AFTER turns a stream STALE: a short one shows the collector's absence on every stream.
            ServiceNode processor =
                    stack.node("processor", Service.PROCESSOR, Map.of("STALE_AFTER", STALE_AFTER.toMillis() + "ms"));
            FaultStack.startAll(simulator, processor);
            String engines = ENGINES.stream()
                    .map(id -> id + "=http://127.0.0.1:" + simulator.port() + "/engines/" + id)
                    .collect(Collectors.joining(","));
            ServiceNode collector = stack.start(
                    "collector",
                    Service.COLLECTOR,
                    Map.of(
                            "ENGINE_URLS",
                            engines,
                            "COLLECTOR_INTERVAL",
                            INTERVAL.toMillis() + "ms",
                            "COLLECTOR_REQUEST_TIMEOUT",
                            INTERVAL.toMillis() + "ms",
                            "COLLECTOR_CONNECT_TIMEOUT",
                            "150ms"));
            long firstRun = run(collector);
            awaitStreaming(topics, firstRun, Duration.ofMinutes(2));

            // Mid-stream: a seeded moment 0.3-2.3 s into a steady flow, so the buffer and the producer hold readings.
            long moment = System.currentTimeMillis() + 300 + random.nextInt(2_000);
            await("the moment to kill").atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() >= moment);
            double unacknowledged = Http.metric(collector, "pulse_collector_buffered_readings");
            long killedAt = System.currentTimeMillis();
            collector.kill();
            collector.start();
            long healthyAt = System.currentTimeMillis();
            long secondRun = run(collector);
            await("LIVE events of the new run on every stream")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> firstLive(topics, secondRun) > 0);
            long liveAgainAt = firstLive(topics, secondRun);
            awaitStreaming(topics, secondRun, Duration.ofMinutes(1));
            collector.stop(); // SIGTERM flushes: from here the raw topic no longer grows

            AcknowledgedReadings acknowledged = AcknowledgedReadings.read(stack.bootstrapServers());
            await("every acknowledged reading LIVE")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> acknowledged
                                    .exactlyOnce(topics.liveSequencesByRun())
                                    .missingCount()
                            == 0);
            SequenceCheck check = acknowledged.exactlyOnce(topics.liveSequencesByRun());
            SequenceCheck raw = acknowledged.gapless();
            await("the run change counted")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> Http.metric(processor, "pulse_processor_collector_runs_total") >= ENGINES.size());
            double runsCounted = Http.metric(processor, "pulse_processor_collector_runs_total");
            List<String> runChangesLogged = runChangesLogged(firstRun, secondRun);

            Figures.of(SCENARIO)
                    .put("engines", ENGINES.size())
                    .put("intervalMs", INTERVAL.toMillis())
                    .put("seed", SEED)
                    .put("runs", acknowledged.runs().size())
                    .put("readingsFirstRun", acknowledged.perRun().getOrDefault(firstRun, 0L))
                    .put("readingsSecondRun", acknowledged.perRun().getOrDefault(secondRun, 0L))
                    .put("rawGaps", raw.missingCount() + raw.duplicateCount())
                    .put("missing", check.missingCount())
                    .put("duplicates", check.duplicateCount())
                    .put("unacknowledgedJustBeforeKill", (long) unacknowledged)
                    .put("collectorHealthyAfterKillMs", healthyAt - killedAt)
                    .put("liveAgainAfterKillMs", liveAgainAt - killedAt)
                    .put("streamsStaleDuringRestart", staleDuringRestart(topics, killedAt, liveAgainAt))
                    .put("runChangesCounted", (long) runsCounted)
                    .put("runChangesLogged", runChangesLogged.size())
                    .report();

            assertThat(acknowledged.runs())
                    .as("the runs on the raw topic: the killed one, then a greater one")
                    .containsExactly(firstRun, secondRun);
            assertThat(secondRun).isGreaterThan(firstRun);
            assertThat(raw.exact())
                    .as("each run's acknowledged sequences are 1..n: %s", raw)
                    .isTrue();
            assertThat(check.exact())
                    .as("LIVE events against the raw topic, per (run, sequence): %s", check)
                    .isTrue();
            assertThat(runsCounted)
                    .as("pulse_processor_collector_runs_total: one run change per engine")
                    .isEqualTo(ENGINES.size());
            assertThat(runChangesLogged)
                    .as("one 'collector run changed' line per engine")
                    .containsExactlyInAnyOrderElementsOf(ENGINES);
        }
    }

    /** The collector's run, as its engines endpoint says. */
    private static long run(ServiceNode collector) {
        Http.Answer answer = Http.get(collector.uri("/api/v1/engines"));
        try {
            long run = Json.mapper().readTree(answer.body()).path("run").asLong();
            assertThat(run).as("run in %s", answer).isPositive();
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + answer, e);
        }
    }

    /** Waits until every engine's every stream has had {@link #STEADY} LIVE events of the run. */
    private static void awaitStreaming(StreamTopicLog topics, long run, Duration atMost) {
        await("a steady LIVE flow of run " + run)
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Map<String, List<Long>> live = topics.liveSequencesByRun();
                    return keys(run).stream()
                            .allMatch(key -> live.getOrDefault(key, List.of()).size() >= STEADY);
                });
    }

    /** When the last of the engines' streams got its first LIVE event of the run; 0 while one has none. */
    private static long firstLive(StreamTopicLog topics, long run) {
        long latest = 0;
        List<StreamTopicLog.Entry> entries = topics.entries();
        for (String key : keys(run)) {
            long first = entries.stream()
                    .filter(e -> e.live()
                            && e.run() == run
                            && AcknowledgedReadings.key(e.key(), run).equals(key))
                    .mapToLong(StreamTopicLog.Entry::receivedAtMs)
                    .min()
                    .orElse(0);
            if (first == 0) {
                return 0;
            }
            latest = Math.max(latest, first);
        }
        return latest;
    }

    /** How many engine streams turned STALE between the kill and the new run's LIVE flow (figure only). */
    private static long staleDuringRestart(StreamTopicLog topics, long killedAt, long liveAgainAt) {
        return topics.entries().stream()
                .filter(e ->
                        "STALE".equals(e.status()) && e.emittedAtMs() >= killedAt && e.emittedAtMs() <= liveAgainAt)
                .map(StreamTopicLog.Entry::key)
                .distinct()
                .count();
    }

    private static List<String> keys(long run) {
        List<String> keys = new ArrayList<>();
        for (String engine : ENGINES) {
            for (StreamName stream : StreamName.values()) {
                keys.add(AcknowledgedReadings.key(engine + "/" + stream.wireName(), run));
            }
        }
        return keys;
    }

    /** The engines the processor logged a run change for, from the killed run to the new one. */
    private static List<String> runChangesLogged(long firstRun, long secondRun) {
        String suffix = " run=" + secondRun + " was=" + firstRun;
        try {
            return Files.readAllLines(ServiceNode.logPath(SCENARIO, "processor"), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains("collector run changed engine=") && line.endsWith(suffix))
                    .map(line -> line.substring(
                            line.indexOf("engine=") + "engine=".length(), line.length() - suffix.length()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

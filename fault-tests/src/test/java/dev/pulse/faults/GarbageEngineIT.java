package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.ReadingKind;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.validate.ReadingValidator;
import dev.pulse.common.validate.Validation;
import dev.pulse.faults.DeadLetterLog.DeadLetter;
import dev.pulse.faults.HostileEngine.Mode;
import dev.pulse.process.Service;
import dev.pulse.testing.Hold;
import dev.pulse.testing.KafkaTestClient;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2: engines that answer garbage (the simulator's malformed JSON, wrong types and out-of-range values; a
 * hostile engine's NaN, Infinity, 10 MB bodies and slowloris answers) next to a healthy one. Every bad reading the
 * collector took must end in the dead-letter topic with a reason, every good one must come out LIVE once, no service
 * may crash and the collector's memory must stay bounded.
 */
class GarbageEngineIT {
    private static final List<String> SIMULATOR_FAULTS =
            List.of("malformed", "wrong_types", "out_of_range", "malformed", "wrong_types", "out_of_range");
    private static final List<Mode> HOSTILE_MODES =
            List.of(Mode.NAN_TOKEN, Mode.NAN_STRING, Mode.INFINITY, Mode.HUGE_BODY, Mode.SLOWLORIS, Mode.HUGE_BODY);

    @Test
    void shouldDeadLetterEveryBadReadingWithAReasonWhileGoodReadingsFlowAndNothingCrashes() throws IOException {
        Duration phase = Duration.ofSeconds(Profile.pick(3, 10));
        try (FaultStack stack = FaultStack.start("garbage-engine");
                HostileEngine hostile = new HostileEngine();
                DashboardLog dashboards = new DashboardLog(stack.bootstrapServers());
                DeadLetterLog deadLetters = new DeadLetterLog(stack.bootstrapServers(), 1024 * 1024)) {
            ServiceNode simulator = stack.node("simulator", Service.SIMULATOR, Map.of());
            ServiceNode processor = stack.node("processor", Service.PROCESSOR, Map.of());
            FaultStack.startAll(simulator, processor);
            String sim = "http://127.0.0.1:" + simulator.port();
            ServiceNode collector = stack.start(
                    "collector",
                    Service.COLLECTOR,
                    Map.of(
                            "ENGINE_URLS",
                            "good=" + sim + "/engines/good,bad=" + sim + "/engines/bad,hostile=" + hostile.url(),
                            "COLLECTOR_INTERVAL",
                            "500ms",
                            "COLLECTOR_REQUEST_TIMEOUT",
                            "450ms",
                            "COLLECTOR_CONNECT_TIMEOUT",
                            "200ms"));
            Map<String, Long> pids = EngineDownIT.pids(List.of(simulator, processor, collector));
            ProcessorKillIT.awaitLiveAfter(dashboards, System.currentTimeMillis());

            double heapBefore;
            double maxHeap;
            double maxRss;
            try (MemorySampler memory = new MemorySampler(collector, 250)) {
                heapBefore = Http.heapMib(collector);
                for (int i = 0; i < SIMULATOR_FAULTS.size(); i++) {
                    Http.fault(simulator, "bad", "{\"mode\":\"" + SIMULATOR_FAULTS.get(i) + "\"}");
                    hostile.mode(HOSTILE_MODES.get(i));
                    Hold.holdFor(phase);
                }
                Http.clearFault(simulator, "bad");
                hostile.mode(Mode.HEALTHY);
                Hold.holdFor(phase);
                maxHeap = memory.maxHeapMib();
                maxRss = memory.maxRssMib();
            }
            boolean collectorSurvived = collector.isAlive() && collector.pid() == pids.get("collector");
            int collectorExit = collector.stop(); // the raw topic is final from here on

            List<ConsumerRecord<String, byte[]>> raw = new KafkaTestClient(stack.bootstrapServers())
                    .readAll(PipelineTopics.PUBLIC.raw().name());
            Set<String> expectLive = new HashSet<>();
            Set<String> expectDead = new HashSet<>();
            Map<String, Long> badByEngine = new TreeMap<>();
            for (ConsumerRecord<String, byte[]> record : raw) {
                JsonNode reading = Json.mapper().readTree(record.value());
                ReadingKind kind = ReadingKind.fromWire(reading.path("kind").asText());
                if (kind == ReadingKind.STATUS) {
                    continue;
                }
                String id = id(reading);
                boolean valid =
                        ReadingValidator.validate(StreamName.forKind(kind).orElseThrow(), reading.get("payload"))
                                instanceof Validation.Valid;
                (valid ? expectLive : expectDead).add(id);
                if (!valid) {
                    badByEngine.merge(reading.path("engine_id").asText(), 1L, Long::sum);
                }
            }
            await("every reading accounted for")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> liveIds(dashboards).containsAll(expectLive)
                            && deadIds(deadLetters).keySet().containsAll(expectDead));

            Map<String, DeadLetter> dead = deadIds(deadLetters);
            long withoutReason = expectDead.stream()
                    .filter(id -> dead.get(id).reason() == null
                            || dead.get(id).reason().isBlank())
                    .count();
            Map<String, Long> reasons = expectDead.stream()
                    .collect(Collectors.groupingBy(id -> dead.get(id).reason(), TreeMap::new, Collectors.counting()));
            long wronglyLive =
                    expectDead.stream().filter(liveIds(dashboards)::contains).count();
            long wronglyDead = expectLive.stream().filter(dead::containsKey).count();
            Map<String, List<Long>> goodLive = dashboards.liveSequences("good"::equals);
            long goodDuplicates = goodLive.values().stream()
                    .mapToLong(l -> l.size() - l.stream().distinct().count())
                    .sum();
            long largestDeadLetter = deadLetters.letters().stream()
                    .mapToLong(DeadLetter::valueBytes)
                    .max()
                    .orElse(0);
            boolean othersSurvived = simulator.isAlive()
                    && simulator.pid() == pids.get("simulator")
                    && processor.isAlive()
                    && processor.pid() == pids.get("processor");

            Figures.of("garbage-engine")
                    .put("phaseS", phase.toSeconds())
                    .put("rawReadings", expectLive.size() + expectDead.size())
                    .put("badReadings", expectDead.size())
                    .put("badByEngine", badByEngine)
                    .put("deadLettered", expectDead.size() - wronglyLive)
                    .put("withoutReason", withoutReason)
                    .put("reasons", reasons)
                    .put("goodReadingsLive", expectLive.size() - wronglyDead)
                    .put("goodDuplicates", goodDuplicates)
                    .put("largestDeadLetterBytes", largestDeadLetter)
                    .put("hostileAnswers", hostile.answers())
                    .put("collectorHeapBeforeMiB", heapBefore)
                    .put("collectorHeapMaxMiB", maxHeap)
                    .put("collectorRssMaxMiB", maxRss)
                    .put("collectorExit", collectorExit)
                    .put("crashes", collectorSurvived && othersSurvived ? 0 : "some")
                    .report();

            assertThat(badByEngine)
                    .as("bad readings were collected from both bad engines")
                    .containsKeys("bad", "hostile");
            assertThat(badByEngine).as("the healthy engine's readings").doesNotContainKey("good");
            assertThat(wronglyLive).as("bad readings that came out LIVE").isZero();
            assertThat(withoutReason).as("dead letters without a reason").isZero();
            assertThat(wronglyDead).as("good readings dead-lettered").isZero();
            assertThat(goodDuplicates).as("good readings emitted twice").isZero();
            assertThat(collectorSurvived).as("the collector never crashed").isTrue();
            assertThat(othersSurvived)
                    .as("simulator and processor never crashed")
                    .isTrue();
            assertThat(maxHeap).as("collector heap (MiB), -Xmx96m").isLessThan(96);
        }
    }

    private static String id(JsonNode reading) {
        return reading.path("engine_id").asText() + "/" + reading.path("kind").asText() + "/"
                + reading.path("sequence").asLong();
    }

    private static Set<String> liveIds(DashboardLog dashboards) {
        Map<String, String> kindOf = Map.of("analytics", "system", "memory", "memory", "graph", "graph");
        return dashboards.events().stream()
                .filter(DashboardLog.Event::live)
                .map(e -> e.engineId() + "/" + kindOf.get(e.stream()) + "/" + e.sequence())
                .collect(Collectors.toSet());
    }

    private static Map<String, DeadLetter> deadIds(DeadLetterLog deadLetters) {
        Map<String, DeadLetter> byId = new TreeMap<>();
        for (DeadLetter letter : deadLetters.letters()) {
            try {
                byId.put(id(Json.mapper().readTree(letter.value())), letter);
            } catch (IOException | RuntimeException e) {
                // not a reading of this scenario
            }
        }
        return byId;
    }
}

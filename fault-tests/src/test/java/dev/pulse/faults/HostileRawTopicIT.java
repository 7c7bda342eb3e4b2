package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.model.ReadingKind;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.faults.DeadLetterLog.DeadLetter;
import dev.pulse.faults.HostileRecords.Hostile;
import dev.pulse.process.Service;
import dev.pulse.testing.KafkaTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Scenario 9: 10,000 random or corrupted records written straight to the raw topic with a plain producer, next to valid
 * traffic. Every one must reach the dead-letter topic with a reason, the processor must stay up (same process), and the
 * valid readings must all come out LIVE, once each.
 */
@Isolated("its flood keeps both cores busy (12 s alone, 65 s beside another scenario)")
class HostileRawTopicIT {
    private static final int RECORDS = 10_000;
    private static final long SEED = 9;

    @Test
    void shouldDeadLetterEveryHostileRecordWhileValidTrafficFlowsExactlyOnce() {
        try (FaultStack stack = FaultStack.start("hostile-raw");
                DashboardLog dashboards = new DashboardLog(stack.bootstrapServers());
                DeadLetterLog deadLetters = new DeadLetterLog(stack.bootstrapServers(), 0);
                RawLoad valid = new RawLoad(
                        stack.bootstrapServers(), List.of("valid-1", "valid-2", "valid-3"), Duration.ofMillis(100))) {
            ServiceNode processor = stack.start("processor", Service.PROCESSOR, Map.of());
            long pid = processor.pid();
            valid.start();

            HostileRecords hostile = new HostileRecords(SEED);
            Map<String, Integer> byKind = new TreeMap<>();
            long began = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = new KafkaTestClient(stack.bootstrapServers()).producer()) {
                for (int i = 0; i < RECORDS; i++) {
                    Hostile record = hostile.next(i);
                    byKind.merge(record.kind(), 1, Integer::sum);
                    ProducerRecord<String, byte[]> out =
                            new ProducerRecord<>(PipelineTopics.PUBLIC.raw().name(), record.key(), record.value());
                    out.headers()
                            .add(DeadLetterLog.CASE_HEADER, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                    producer.send(out);
                }
                producer.flush();
            }
            long writtenMs = (System.nanoTime() - began) / 1_000_000;

            await("every hostile record in the dead-letter topic")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> deadLetters.letters().stream()
                                    .filter(d -> d.caseId() != null)
                                    .count()
                            >= RECORDS);
            long allDeadMs = (System.nanoTime() - began) / 1_000_000;
            valid.stop();
            Map<String, Long> written = valid.written();
            await("every valid reading LIVE")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> SequenceCheck.exactly(dashboards.liveSequences(e -> e.startsWith("valid-")), written)
                                    .missingCount()
                            == 0);

            List<DeadLetter> ours = deadLetters.letters().stream()
                    .filter(d -> d.caseId() != null)
                    .toList();
            Map<String, Long> reasons = ours.stream()
                    .collect(Collectors.groupingBy(
                            d -> String.valueOf(d.reason()), TreeMap::new, Collectors.counting()));
            long distinct = ours.stream().map(DeadLetter::caseId).distinct().count();
            long withoutReason = ours.stream()
                    .filter(d -> d.reason() == null || d.reason().isBlank())
                    .count();
            SequenceCheck check = SequenceCheck.exactly(dashboards.liveSequences(e -> e.startsWith("valid-")), written);
            long hostileLive = dashboards.events().stream()
                    .filter(e -> e.engineId().startsWith("hostile-"))
                    .count();

            Figures.of("hostile-raw-topic")
                    .put("hostileRecords", RECORDS)
                    .put("deadLettered", distinct)
                    .put("deadLetterCopies", ours.size())
                    .put("withoutReason", withoutReason)
                    .put("reasons", reasons)
                    .put("writeMs", writtenMs)
                    .put("allDeadLetteredAfterMs", allDeadMs)
                    .put("validReadings", valid.total())
                    .put("validMissing", check.missingCount())
                    .put("validDuplicates", check.duplicateCount())
                    .put("hostileEventsOnDashboards", hostileLive)
                    .put("processorRestarts", processor.pid() == pid && processor.isAlive() ? 0 : 1)
                    .report();

            assertThat(distinct).as("hostile records dead-lettered").isEqualTo(RECORDS);
            assertThat(ours).as("each hostile record dead-lettered once").hasSize(RECORDS);
            assertThat(withoutReason).as("dead letters without a reason").isZero();
            assertThat(hostileLive).as("events made from hostile records").isZero();
            assertThat(check.exact())
                    .as("valid traffic exactly once: %s", check)
                    .isTrue();
            assertThat(valid.failures()).as("valid writes refused").isZero();
            assertThat(processor.isAlive()).isTrue();
            assertThat(processor.pid()).as("the same processor process").isEqualTo(pid);
            assertThat(Http.healthy(processor)).isTrue();
        }
    }
    /**
     * Scenario 17: more distinct engine ids than the processor's {@code PROCESSOR_MAX_ENGINES}, one valid reading of
     * each data kind per engine. Exactly the cap's worth of engines is admitted (each LIVE on all three streams), every
     * reading of the others is a dead letter with reason {@code engine-limit}, and the processor's heap stays bounded.
     */
    @Test
    void shouldDeadLetterTheReadingsOfEnginesPastTheCapAsEngineLimitWithBoundedMemory() {
        int cap = Profile.pick(1_000, 5_000);
        int engines = 3 * cap;
        List<ReadingKind> kinds = List.of(ReadingKind.SYSTEM, ReadingKind.MEMORY, ReadingKind.GRAPH);
        try (FaultStack stack = FaultStack.start("engine-cap");
                DashboardLog dashboards = new DashboardLog(stack.bootstrapServers());
                DeadLetterLog deadLetters = new DeadLetterLog(stack.bootstrapServers(), 0)) {
            ServiceNode processor =
                    stack.start("processor", Service.PROCESSOR, Map.of("PROCESSOR_MAX_ENGINES", Integer.toString(cap)));
            long pid = processor.pid();
            try (MemorySampler memory = new MemorySampler(processor, 250)) {
                long began = System.nanoTime();
                Instant at = Instant.now();
                try (KafkaProducer<String, byte[]> producer =
                        new KafkaTestClient(stack.bootstrapServers()).producer()) {
                    for (int i = 0; i < engines; i++) {
                        String engine = "fake-" + i;
                        for (ReadingKind kind : kinds) {
                            ProducerRecord<String, byte[]> out = new ProducerRecord<>(
                                    PipelineTopics.PUBLIC.raw().name(),
                                    engine,
                                    Readings.bytes(Readings.valid(engine, kind, 1, at)));
                            out.headers().add(DeadLetterLog.CASE_HEADER, engine.getBytes(StandardCharsets.UTF_8));
                            producer.send(out);
                        }
                    }
                    producer.flush();
                }
                int refusedReadings = (engines - cap) * kinds.size();
                await("the readings past the cap dead-lettered, the admitted ones LIVE")
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() ->
                                deadLetters.size() >= refusedReadings && liveStreams(dashboards) >= cap * kinds.size());
                long settledMs = (System.nanoTime() - began) / 1_000_000;
                List<DeadLetter> letters = deadLetters.letters();
                Map<String, Long> reasons = letters.stream()
                        .collect(Collectors.groupingBy(
                                d -> String.valueOf(d.reason()), TreeMap::new, Collectors.counting()));
                long refusedEngines =
                        letters.stream().map(DeadLetter::caseId).distinct().count();
                Set<String> liveEngines = dashboards.events().stream()
                        .filter(DashboardLog.Event::live)
                        .map(DashboardLog.Event::engineId)
                        .collect(Collectors.toSet());
                long admittedAndRefused = letters.stream()
                        .map(DeadLetter::caseId)
                        .filter(liveEngines::contains)
                        .distinct()
                        .count();
                double liveGauge = Http.metric(processor, "pulse_processor_live_engines");
                double counted = Http.metric(processor, "pulse_processor_dlq_records_total", "reason=\"engine-limit\"");
                boolean sameProcess = processor.isAlive() && processor.pid() == pid && Http.healthy(processor);

                Figures.of("engine-cap")
                        .put("maxEngines", cap)
                        .put("engines", engines)
                        .put("readings", engines * kinds.size())
                        .put("liveEngines", liveEngines.size())
                        .put("liveEnginesGauge", (long) liveGauge)
                        .put("deadLettered", letters.size())
                        .put("refusedEngines", refusedEngines)
                        .put("reasons", reasons)
                        .put("engineLimitCounted", (long) counted)
                        .put("admittedAndRefused", admittedAndRefused)
                        .put("settledAfterMs", settledMs)
                        .put("heapMaxMiB", memory.maxHeapMib())
                        .put("rssMaxMiB", memory.maxRssMib())
                        .put("processorRestarts", sameProcess ? 0 : 1)
                        .report();

                assertThat(liveEngines).as("engines admitted").hasSize(cap);
                assertThat(letters).as("readings dead-lettered").hasSize(refusedReadings);
                assertThat(reasons).as("dead-letter reasons").containsOnlyKeys("engine-limit");
                assertThat(refusedEngines).isEqualTo(engines - cap);
                assertThat(admittedAndRefused)
                        .as("engines both admitted and refused")
                        .isZero();
                assertThat(liveGauge).isEqualTo(cap);
                assertThat(memory.maxHeapMib())
                        .as("processor heap (MiB), -Xmx96m")
                        .isLessThan(96);
                assertThat(sameProcess)
                        .as("the same processor process, healthy")
                        .isTrue();
            }
        }
    }

    private static long liveStreams(DashboardLog dashboards) {
        return dashboards.events().stream()
                .filter(DashboardLog.Event::live)
                .map(e -> e.engineId() + "/" + e.stream())
                .distinct()
                .count();
    }
}

package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.Topics;
import dev.pulse.dev.Service;
import dev.pulse.faults.DeadLetterLog.DeadLetter;
import dev.pulse.faults.HostileRecords.Hostile;
import dev.pulse.testing.KafkaTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Scenario 9: 10,000 random or corrupted records written straight to the raw topic with a plain producer, next to valid
 * traffic. Every one must reach the dead-letter topic with a reason, the processor must stay up (same process), and the
 * valid readings must all come out LIVE, once each.
 */
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
                    ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.RAW, record.key(), record.value());
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
}

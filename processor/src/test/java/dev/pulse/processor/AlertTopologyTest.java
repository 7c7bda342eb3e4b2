package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.ActiveAlert;
import dev.pulse.common.model.Alert;
import dev.pulse.common.model.AlertLevel;
import dev.pulse.common.model.StreamName;
import dev.pulse.processor.alert.AlertStore;
import dev.pulse.processor.alert.EngineAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Thresholds from ALERT_THRESHOLDS: cpu_usage warning above 90, critical at 97 or above; hit_ratio below 0.5. */
class AlertTopologyTest {
    private static final Instant T = TopologyFixture.START;
    static final String THRESHOLDS =
            "analytics.cpu_usage>90:warning,analytics.cpu_usage>=97:critical,memory.hit_ratio<0.5:warning";

    private final TopologyFixture fixture = new TopologyFixture(Map.of("ALERT_THRESHOLDS", THRESHOLDS));
    private final TestOutputTopic<String, Alert> alerts = fixture.driver.createOutputTopic(
            fixture.config.topics().alerts().name(), new StringDeserializer(), JsonSerde.of(Alert.class));
    private long sequence;

    @AfterEach
    void close() {
        fixture.close();
    }

    private void cpu(String engine, double value) {
        fixture.send(engine, "system", ++sequence, fixture.now(), Readings.system(value, fixture.now()));
        fixture.advance(Duration.ofSeconds(1));
    }

    @Test
    void shouldPublishABreachWithTheReadingAndTheBoundWhenAFieldCrossesIt() {
        cpu("e1", 50);
        cpu("e1", 93.5);

        List<TestRecord<String, Alert>> records = alerts.readRecordsToList();
        assertThat(records).hasSize(1);
        assertThat(records.getFirst().key()).isEqualTo("e1");
        Alert breach = records.getFirst().value();
        assertThat(breach.transition()).isEqualTo(Alert.Transition.BREACH);
        assertThat(breach.stream()).isEqualTo(StreamName.ANALYTICS);
        assertThat(breach.field()).isEqualTo("cpu_usage");
        assertThat(breach.level()).isEqualTo(AlertLevel.WARNING);
        assertThat(breach.previous()).isEqualTo(AlertLevel.OK);
        assertThat(breach.operator()).isEqualTo(">");
        assertThat(breach.bound()).isEqualTo(90);
        assertThat(breach.value()).isEqualTo(93.5);
        assertThat(breach.sequence()).isEqualTo(2);
        assertThat(breach.observedAt()).isEqualTo(T.plusSeconds(1));
        assertThat(breach.at()).isEqualTo(T.plusSeconds(1));
        assertThat(breach.reason()).isNull();
        assertThat(breach.active()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(AlertLevel.WARNING);
            assertThat(a.value()).isEqualTo(93.5);
            assertThat(a.since()).isEqualTo(T.plusSeconds(1));
        });
        assertThat(fixture.counter("pulse.processor.alerts", "transition", "breach", "level", "warning"))
                .isEqualTo(1);
    }

    @Test
    void shouldSayNothingMoreWhileTheLevelIsUnchanged() {
        cpu("e1", 92);
        cpu("e1", 95);
        cpu("e1", 91);
        cpu("e2", 10);
        cpu("e2", 20);

        assertThat(alerts.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldEscalateFromWarningToCriticalAndStepBackDownThenClear() {
        cpu("e1", 92);
        cpu("e1", 98);
        cpu("e1", 94);
        cpu("e1", 40);

        List<Alert> records = alerts.readValuesToList();
        assertThat(records)
                .extracting(Alert::transition, Alert::previous, Alert::level, Alert::operator, Alert::bound)
                .containsExactly(
                        tuple(Alert.Transition.BREACH, AlertLevel.OK, AlertLevel.WARNING, ">", 90.0),
                        tuple(Alert.Transition.BREACH, AlertLevel.WARNING, AlertLevel.CRITICAL, ">=", 97.0),
                        tuple(Alert.Transition.CLEAR, AlertLevel.CRITICAL, AlertLevel.WARNING, ">=", 97.0),
                        tuple(Alert.Transition.CLEAR, AlertLevel.WARNING, AlertLevel.OK, ">", 90.0));
        // the alert started with the first breach; the escalation keeps that
        assertThat(records.get(1).active()).extracting(ActiveAlert::since).containsExactly(T);
        assertThat(records.getLast().active()).isEmpty();
        assertThat(records.getLast().value()).isEqualTo(40);
    }

    @Test
    void shouldGoStraightToCriticalWhenTheFirstBreachIsPastBothBounds() {
        cpu("e1", 99);

        assertThat(alerts.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.previous()).isEqualTo(AlertLevel.OK);
            assertThat(a.level()).isEqualTo(AlertLevel.CRITICAL);
        });
    }

    @Test
    void shouldListEveryActiveAlertOfTheEngineInEachRecord() {
        cpu("e1", 95);
        fixture.send(
                "e1",
                "memory",
                ++sequence,
                fixture.now(),
                Readings.memory(10, fixture.now()).put("hit_ratio", 0.2));

        List<Alert> records = alerts.readValuesToList();
        assertThat(records).hasSize(2);
        assertThat(records.getLast().stream()).isEqualTo(StreamName.MEMORY);
        assertThat(records.getLast().active()).extracting(ActiveAlert::field).containsExactly("cpu_usage", "hit_ratio");
    }

    @Test
    void shouldKeepTheAlertWhileTheStreamIsStaleOrDown() {
        cpu("e1", 95);
        fixture.send("e1", "status", ++sequence, fixture.now(), Readings.status("DOWN", "refused", fixture.now()));
        fixture.advanceStepwise(Duration.ofSeconds(20));

        assertThat(alerts.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldClearEachActiveAlertThenWriteATombstoneWhenTheEngineIsRetired() {
        cpu("e1", 95);
        fixture.send(
                "e1",
                "memory",
                ++sequence,
                fixture.now(),
                Readings.memory(10, fixture.now()).put("hit_ratio", 0.2));
        alerts.readValuesToList();

        fixture.send("e1", "status", ++sequence, fixture.now(), Readings.status("RETIRED", null, fixture.now()));

        List<TestRecord<String, Alert>> records = alerts.readRecordsToList();
        assertThat(records).hasSize(3);
        assertThat(records.subList(0, 2))
                .extracting(TestRecord::value)
                .allSatisfy(a -> {
                    assertThat(a.transition()).isEqualTo(Alert.Transition.CLEAR);
                    assertThat(a.level()).isEqualTo(AlertLevel.OK);
                    assertThat(a.value()).isNull();
                    assertThat(a.reason()).isEqualTo("engine retired");
                })
                .extracting(Alert::field)
                .containsExactly("cpu_usage", "hit_ratio");
        assertThat(records.get(1).value().active()).isEmpty();
        assertThat(records.get(2).key()).isEqualTo("e1");
        assertThat(records.get(2).value()).isNull();
        assertThat(fixture.driver.getKeyValueStore(AlertStore.NAME).get("e1")).isNull();

        // and a new engine of that id starts afresh
        cpu("e1", 10);
        assertThat(alerts.readValuesToList()).isEmpty();
    }

    @Test
    void shouldWriteATombstoneForARetiredEngineWhoseAlertsHadClearedAlready() {
        cpu("e1", 95);
        cpu("e1", 10);
        alerts.readValuesToList();

        fixture.send("e1", "status", ++sequence, fixture.now(), Readings.status("RETIRED", null, fixture.now()));

        List<TestRecord<String, Alert>> records = alerts.readRecordsToList();
        assertThat(records).singleElement().satisfies(r -> assertThat(r.value()).isNull());
    }

    @Test
    void shouldSayNothingAboutARetiredEngineThatNeverHadAnAlert() {
        cpu("e1", 10);
        fixture.send("e1", "status", ++sequence, fixture.now(), Readings.status("RETIRED", null, fixture.now()));

        assertThat(alerts.readRecordsToList()).isEmpty();
    }

    @Test
    void shouldKeepTheActiveAlertsInTheChangeloggedStore() {
        cpu("e1", 95);
        alerts.readValuesToList();
        EngineAlerts kept = fixture.driver
                .<String, EngineAlerts>getKeyValueStore(AlertStore.NAME)
                .get("e1");

        assertThat(kept.active()).extracting(ActiveAlert::field).containsExactly("cpu_usage");
        cpu("e1", 96);
        assertThat(alerts.readValuesToList()).isEmpty();
    }
}

package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.processor.gate.RawPartitioning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the processor writes and accepts matches the published schemas in docs/schema, and they are strict. */
class SchemaConformanceTest {
    private static final Path SCHEMAS = Path.of("..", "docs", "schema");
    private static final Instant T = TopologyFixture.START;
    private final TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void shouldWriteEventsOfEveryStatusThatMatchTheirStreamSchema() {
        // given LIVE events with partial and completed windows, then FALLBACK, then STALE with a wall-clock-closed
        // window; an engine down from the start (FALLBACK without values); both retired at the end (RETIRED with
        // and without values)
        fixture.send("e2", "status", 1, T, Readings.status("CIRCUIT_OPEN", "3 failures", T));
        for (int i = 1; i <= 5; i++) {
            Instant at = T.plusSeconds(20L * i);
            fixture.send("e1", "system", i, T, Readings.system(10 * i, at));
            fixture.send("e1", "memory", i, T, Readings.memory(100L * i, at));
            fixture.send("e1", "graph", i, T, Readings.graph(10L * i, at));
        }
        fixture.send("e1", "status", 1, T, Readings.status("DOWN", "connection refused", T));
        fixture.advanceStepwise(Duration.ofSeconds(2));
        fixture.send("e1", "status", 2, T, Readings.status("UP", null, T));
        for (int second = 0; second < 80; second++) {
            fixture.advance(Duration.ofSeconds(1));
        }
        fixture.send("e1", "status", 3, T, Readings.status("RETIRED", null, T));
        fixture.send("e2", "status", 2, T, Readings.status("RETIRED", "removed", T));

        for (StreamName stream : StreamName.values()) {
            List<StreamEvent<StreamValues>> events = fixture.events(stream).stream()
                    .filter(Objects::nonNull) // the tombstones after RETIRED: no JSON to check
                    .toList();
            assertThat(events)
                    .extracting(StreamEvent::status)
                    .contains(EventStatus.LIVE, EventStatus.FALLBACK, EventStatus.STALE, EventStatus.RETIRED);
            assertThat(events)
                    .filteredOn(e -> !e.hasValues())
                    .extracting(StreamEvent::status)
                    .contains(EventStatus.FALLBACK, EventStatus.RETIRED);
            assertThat(events)
                    .filteredOn(StreamEvent::hasValues)
                    .extracting(StreamEvent::status)
                    .contains(EventStatus.FALLBACK, EventStatus.RETIRED);
            assertThat(events).anySatisfy(e -> assertThat(e.lastWindow()).isNotNull());
            assertThat(events).anySatisfy(e -> assertThat(e.window()).isNull());
            Schema schema = schema("stream-event-" + stream.wireName() + ".schema.json");
            for (StreamEvent<StreamValues> event : events) {
                // then each event as written on the topic is valid
                JsonNode written =
                        json(fixture.config.topics().dashboard(stream).name(), event, stream);
                assertThat(schema.validate(written)).as("%s", written).isEmpty();
            }
        }
    }

    @Test
    void shouldRejectAnEventWithoutValuesThatClaimsASequenceOrIsLive() {
        fixture.send("e1", "status", 1, T, Readings.status("DOWN", "refused", T));
        ObjectNode event = (ObjectNode) json(
                fixture.config.topics().graph().name(),
                fixture.events(StreamName.GRAPH).getFirst(),
                StreamName.GRAPH);
        Schema schema = schema("stream-event-graph.schema.json");
        assertThat(schema.validate(event)).isEmpty();

        assertThat(schema.validate(event.deepCopy().put("sequence", 3))).isNotEmpty();
        assertThat(schema.validate(event.deepCopy().put("run", 3))).isNotEmpty();
        assertThat(schema.validate(event.deepCopy().put("status", "STALE"))).isNotEmpty();
        assertThat(schema.validate(event.deepCopy().put("engine_id", "engine 1")))
                .isNotEmpty();
    }

    @Test
    void shouldRejectAnEventWithAnUnknownFieldOrAReasonWhileLive() {
        fixture.send("e1", "graph", 1, T, Readings.graph(10, T));
        ObjectNode event = (ObjectNode) json(
                fixture.config.topics().graph().name(),
                fixture.events(StreamName.GRAPH).getFirst(),
                StreamName.GRAPH);
        Schema schema = schema("stream-event-graph.schema.json");
        assertThat(schema.validate(event)).isEmpty();

        assertThat(schema.validate(event.deepCopy().put("extra", 1))).isNotEmpty();
        assertThat(schema.validate(event.deepCopy().put("reason", "why not"))).isNotEmpty();
        assertThat(schema.validate(event.deepCopy().put("stream", "memory"))).isNotEmpty();
        ObjectNode badValues = event.deepCopy();
        ((ObjectNode) badValues.get("values")).put("density", 1.5);
        assertThat(schema.validate(badValues)).isNotEmpty();
    }

    @Test
    void shouldAcceptTheReadingsTheCollectorWrites() {
        Schema schema = schema("raw-reading.schema.json");
        List<ObjectNode> readings = List.of(
                Readings.envelope("e1", "system", 1, T, Readings.system(50, T)),
                Readings.envelope("e1", "memory", 2, T, Readings.memory(50, T)),
                Readings.envelope("e1", "graph", 3, T, Readings.graph(50, T).put("unknown_engine_field", true)),
                Readings.envelope("e1", "status", 4, T, Readings.status("DOWN", "connection refused", T)),
                Readings.envelope("e1", "status", 5, T, Readings.status("UP", null, T)),
                Readings.envelope("engine_2.eu-west", "system", 1_764_583_200_000L, 1, T, Readings.system(5, T)),
                Readings.envelope("e1", "status", 1_764_583_200_000L, 6, T, Readings.status("RETIRED", null, T)));

        for (ObjectNode reading : readings) {
            assertThat(schema.validate(reading)).as("%s", reading).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} on {1}: {3}")
    @MethodSource("dev.pulse.processor.DeadLetterTopologyTest#rules")
    void shouldRejectEveryJsonValueThatTheProcessorDeadLetters(String reason, String fields, String key, String value)
            throws IOException {
        Schema schema = schema("raw-reading.schema.json");
        // A key problem is not the value's; a mapping error is a valid reading the collector flagged.
        boolean keyOnlyProblem =
                reason.equals("null-key") || reason.equals("key-mismatch") || reason.equals("mapping-failed");
        JsonNode node = value == null || reason.equals("invalid-json")
                ? null
                : Json.mapper().readTree(value);

        if (node != null) {
            assertThat(schema.validate(node))
                    .as("%s", value)
                    .is(
                            keyOnlyProblem
                                    ? new Condition<>(List::isEmpty, "valid")
                                    : new Condition<>(errors -> !errors.isEmpty(), "invalid"));
        }
    }

    @Test
    void shouldWriteDeadLettersThatMatchTheDlqSchema() {
        // given every kind of broken record
        fixture.send(null, Readings.bytes("{}"));
        fixture.send("e1", null);
        fixture.send("e1", new byte[] {(byte) 0xff, 0x00, 0x7b});
        fixture.send("e1", Readings.bytes("{}"));
        fixture.send("e2", Readings.bytes(Readings.envelope("e1", "system", 1, T, Readings.system(50, T))));
        fixture.send("e1", Readings.bytes(Readings.envelope("e1", "system", 1, T, Readings.system(500, T))));
        fixture.send("e 1", Readings.bytes(Readings.envelope("e 1", "system", 1, T, Readings.system(50, T))));
        fixture.send(
                "e1",
                Readings.bytes(Readings.envelope("e1", "system", 1, T, Readings.system(50, T))
                        .put("mapping_error", "required field cpu_usage: /data/cpu found nothing")));

        // then each letter is valid
        Schema schema = schema("dlq.schema.json");
        List<TestRecord<byte[], byte[]>> letters = fixture.dlq.readRecordsToList();
        assertThat(letters).hasSize(8);
        for (TestRecord<byte[], byte[]> letter : letters) {
            ObjectNode view = dlqView(letter);
            assertThat(schema.validate(view)).as("%s", view).isEmpty();
        }
        ObjectNode broken = dlqView(letters.getFirst());
        ((ObjectNode) broken.get("headers")).put("pulse.dlq.reason", "because");
        assertThat(schema.validate(broken)).isNotEmpty();
    }

    @Test
    void shouldWriteAWrongPartitionDeadLetterThatMatchesTheDlqSchema() {
        // given a raw topic of 2 partitions: the driver delivers on partition 0, where "e1" does not belong
        try (TopologyFixture two = new TopologyFixture(Map.of(), 2)) {
            assertThat(RawPartitioning.partitionFor(Readings.bytes("e1"), 2)).isNotZero();
            two.send("e1", "system", 1, T, Readings.system(50, T));

            ObjectNode view = dlqView(two.dlq.readRecordsToList().getFirst());
            assertThat(view.at("/headers/pulse.dlq.reason").asText()).isEqualTo("wrong-partition");
            assertThat(schema("dlq.schema.json").validate(view)).as("%s", view).isEmpty();
        }
    }

    @Test
    void shouldWriteAlertsOfEveryTransitionThatMatchTheAlertSchema() throws IOException {
        // given an engine that breaches, escalates, steps down, clears, breaches again and is retired
        try (TopologyFixture alerting = new TopologyFixture(Map.of("ALERT_THRESHOLDS", AlertTopologyTest.THRESHOLDS))) {
            var topic = alerting.driver.createOutputTopic(
                    alerting.config.topics().alerts().name(), new StringDeserializer(), new ByteArrayDeserializer());
            long sequence = 0;
            for (double cpu : new double[] {95, 99, 93, 10, 99}) {
                alerting.send("e1", "system", ++sequence, alerting.now(), Readings.system(cpu, alerting.now()));
                alerting.advance(Duration.ofSeconds(1));
            }
            alerting.send(
                    "e1",
                    "memory",
                    ++sequence,
                    alerting.now(),
                    Readings.memory(1, T).put("hit_ratio", 0.1));
            alerting.send("e1", "status", ++sequence, alerting.now(), Readings.status("RETIRED", null, T));

            // then each record (but the final tombstone) is valid
            List<byte[]> values = topic.readValuesToList();
            assertThat(values).hasSize(9).last().isNull();
            Schema schema = schema("alert.schema.json");
            for (byte[] value : values.subList(0, values.size() - 1)) {
                JsonNode alert = Json.mapper().readTree(value);
                assertThat(schema.validate(alert)).as("%s", alert).isEmpty();
            }
            // and the schema is strict about what a transition may be
            ObjectNode breach = (ObjectNode) Json.mapper().readTree(values.getFirst());
            assertThat(schema.validate(breach.deepCopy().put("previous", "warning")))
                    .isNotEmpty();
            assertThat(schema.validate(breach.deepCopy().put("level", "ok"))).isNotEmpty();
            assertThat(schema.validate(breach.deepCopy().putNull("value"))).isNotEmpty();
            assertThat(schema.validate(breach.deepCopy().put("field", "timestamp")))
                    .isNotEmpty();
            assertThat(schema.validate(breach.deepCopy().put("extra", 1))).isNotEmpty();
        }
    }

    /** A dead-letter record as the dlq schema sees it: {key, value, headers} as UTF-8 text. */
    static ObjectNode dlqView(TestRecord<byte[], byte[]> record) {
        ObjectNode view = Json.mapper().createObjectNode();
        view.put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
        view.put("value", record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        ObjectNode headers = view.putObject("headers");
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return view;
    }

    private static JsonNode json(String topic, StreamEvent<StreamValues> event, StreamName stream) {
        try {
            return Json.mapper().readTree(PulseTopology.eventSerde(stream).serialize(topic, event));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Schema schema(String file) {
        try {
            JsonNode node = Json.mapper().readTree(Files.readString(SCHEMAS.resolve(file)));
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema " + file, e);
        }
    }
}

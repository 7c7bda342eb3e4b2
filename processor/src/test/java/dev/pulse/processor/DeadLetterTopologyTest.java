package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamName;
import dev.pulse.processor.deadletter.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeadLetterTopologyTest {
    private static final Instant T = TopologyFixture.START;
    private final TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                rule("null-key", "key", null, valid()),
                rule("null-value", "$", "e1", null),
                rule("invalid-json", "$", "e1", "{\"engine_id\": \"e1\", "),
                rule("invalid-json", "$", "e1", "not json at all"),
                rule("invalid-reading", "$", "e1", "[1, 2, 3]"),
                rule("invalid-reading", "$", "e1", "42"),
                rule("invalid-reading", "engine_id", "e1", edit(r -> r.remove("engine_id"))),
                rule("invalid-reading", "engine_id", "e1", edit(r -> r.put("engine_id", "  "))),
                rule("invalid-reading", "kind", "e1", edit(r -> r.put("kind", "disk"))),
                rule("invalid-reading", "sequence", "e1", edit(r -> r.put("sequence", 0))),
                rule("invalid-reading", "sequence", "e1", edit(r -> r.put("sequence", 1.5))),
                rule("invalid-reading", "collected_at", "e1", edit(r -> r.put("collected_at", "yesterday"))),
                rule("invalid-reading", "payload", "e1", edit(r -> r.remove("payload"))),
                rule("invalid-reading", "engine_id,kind,sequence,collected_at,payload", "e1", "{}"),
                rule("invalid-reading", "run", "e1", edit(r -> r.put("run", -1))),
                rule("invalid-reading", "run", "e1", edit(r -> r.put("run", "today"))),
                rule("invalid-engine-id", "engine_id", "engine 1", edit(r -> r.put("engine_id", "engine 1"))),
                rule("invalid-engine-id", "engine_id", "e\u0001", edit(r -> r.put("engine_id", "e\u0001"))),
                rule("invalid-engine-id", "engine_id", "x".repeat(65), edit(r -> r.put("engine_id", "x".repeat(65)))),
                rule("key-mismatch", "key,engine_id", "e2", valid()),
                rule(
                        "mapping-failed",
                        "mapping_error",
                        "e1",
                        edit(r -> r.put("mapping_error", "required field cpu_usage: /data/metrics/cpu found nothing"))),
                rule(
                        "validation-failed",
                        "cpu_usage",
                        "e1",
                        edit(r -> ((ObjectNode) r.get("payload")).put("cpu_usage", 150))),
                rule(
                        "validation-failed",
                        "cache_hit_rate,timestamp",
                        "e1",
                        edit(r -> ((ObjectNode) r.get("payload"))
                                .put("cache_hit_rate", -0.1)
                                .remove("timestamp"))),
                rule(
                        "validation-failed",
                        "active_nodes",
                        "e1",
                        edit(r -> ((ObjectNode) r.get("payload")).put("active_nodes", "many"))),
                rule("validation-failed", "$", "e1", edit(r -> r.put("payload", "up"))),
                rule(
                        "validation-failed",
                        "hit_ratio",
                        "e1",
                        Readings.envelope(
                                        "e1",
                                        "memory",
                                        1,
                                        T,
                                        Readings.memory(10, T).put("hit_ratio", 1.5))
                                .toString()),
                rule(
                        "validation-failed",
                        "density",
                        "e1",
                        Readings.envelope(
                                        "e1",
                                        "graph",
                                        1,
                                        T,
                                        Readings.graph(10, T).put("density", 2))
                                .toString()),
                rule(
                        "validation-failed",
                        "state",
                        "e1",
                        Readings.envelope("e1", "status", 1, T, Readings.status("SLEEPING", null, T))
                                .toString()));
    }

    @ParameterizedTest(name = "{0} on {1}: {3}")
    @MethodSource("rules")
    void shouldRouteEveryBrokenRecordToTheDeadLetterTopicUnchangedWithItsReason(
            String reason, String fields, String key, String value) {
        // given a broken record among valid ones
        byte[] keyBytes = Readings.bytes(key);
        byte[] valueBytes = Readings.bytes(value);

        // when
        fixture.send(key, valueBytes);

        // then the dead letter holds the very same bytes, and why
        TestRecord<byte[], byte[]> letter = fixture.dlq.readRecord();
        assertThat(letter.key()).isEqualTo(keyBytes);
        assertThat(letter.value()).isEqualTo(valueBytes);
        assertThat(header(letter.headers(), DeadLetterHeaders.REASON)).isEqualTo(reason);
        assertThat(header(letter.headers(), DeadLetterHeaders.FIELDS)).isEqualTo(fields);
        assertThat(header(letter.headers(), DeadLetterHeaders.DETAIL))
                .isNotBlank()
                .hasSizeLessThanOrEqualTo(DeadLetterHeaders.MAX_DETAIL_LENGTH);
        assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_TOPIC))
                .isEqualTo(fixture.config.topics().raw().name());
        assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(fixture.dlq.isEmpty()).isTrue();
        assertThat(fixture.events(StreamName.ANALYTICS)).isEmpty();
        assertThat(fixture.counter("pulse.processor.dlq.records", "reason", reason))
                .isEqualTo(1);
    }

    @Test
    void shouldPutTheMappingErrorInTheDetail() {
        fixture.send("e1", Readings.bytes(edit(r -> r.put("mapping_error", "/data/metrics/cpu found nothing"))));

        assertThat(header(fixture.dlq.readRecord().headers(), DeadLetterHeaders.DETAIL))
                .isEqualTo("/data/metrics/cpu found nothing");
    }

    @Test
    void shouldKeepProcessingValidReadingsAfterBadOnes() {
        // given
        fixture.send("e1", Readings.bytes("garbage"));
        fixture.send("e1", Readings.bytes("{\"also\": \"garbage\"}"));

        // when
        fixture.send("e1", Readings.bytes(valid()));

        // then
        assertThat(fixture.dlq.readRecordsToList()).hasSize(2);
        assertThat(fixture.events(StreamName.ANALYTICS))
                .singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(EventStatus.LIVE));
        assertThat(fixture.counter(
                        "pulse.processor.records.in",
                        "topic",
                        fixture.config.topics().raw().name()))
                .isEqualTo(3);
        assertThat(fixture.counter(
                        "pulse.processor.records.out",
                        "topic",
                        fixture.config.topics().dlq().name()))
                .isEqualTo(2);
    }

    @Test
    void shouldKeepTheSourceHeadersAndNameTheSourceOffset() {
        // given a record with its own header, at offset 2
        fixture.send("e1", Readings.bytes(valid()));
        fixture.send("e1", Readings.bytes(valid().replace("\"sequence\":1", "\"sequence\":2")));
        Headers headers = new RecordHeaders().add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));

        // when it is broken
        fixture.sendWithHeaders(Readings.bytes("e1"), Readings.bytes("{ broken"), headers);

        // then
        TestRecord<byte[], byte[]> letter = fixture.dlq.readRecord();
        assertThat(header(letter.headers(), "trace-id")).isEqualTo("abc");
        assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("2");
    }

    @Test
    void shouldBoundTheDetailOfAHugeBadValue() {
        // given a reading whose bad field is enormous
        String huge = "x".repeat(100_000);
        String value = edit(r -> ((ObjectNode) r.get("payload")).put("cpu_usage", huge));

        // when
        fixture.send("e1", Readings.bytes(value));

        // then
        TestRecord<byte[], byte[]> letter = fixture.dlq.readRecord();
        assertThat(letter.value()).isEqualTo(Readings.bytes(value));
        assertThat(header(letter.headers(), DeadLetterHeaders.DETAIL))
                .hasSizeLessThanOrEqualTo(DeadLetterHeaders.MAX_DETAIL_LENGTH);
    }

    private static String valid() {
        return Readings.envelope("e1", "system", 1, T, Readings.system(50, T)).toString();
    }

    private static String edit(Consumer<ObjectNode> change) {
        ObjectNode reading = Readings.envelope("e1", "system", 1, T, Readings.system(50, T));
        change.accept(reading);
        return reading.toString();
    }

    private static Arguments rule(String reason, String fields, String key, String value) {
        return Arguments.of(reason, fields, key, value);
    }

    static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package dev.pulse.common.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.AnalyticsValues;
import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.EngineStatus;
import dev.pulse.common.model.GraphValues;
import dev.pulse.common.model.MemoryValues;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadingValidatorTest {

    private static ObjectNode system() throws Exception {
        return (ObjectNode) Json.mapper().readTree("""
                {"active_nodes": 120, "active_edges": 340, "query_rate": 55.5, "cache_hit_rate": 0.93,
                 "memory_usage": 512.25, "cpu_usage": 37.5, "response_time": 12.8,
                 "timestamp": "2026-11-25T10:00:00Z", "engine_version": "ignored"}""");
    }

    @Test
    void shouldAcceptAValidSystemReadingAndIgnoreExtraFields() throws Exception {
        Validation<StreamValues> result = ReadingValidator.validate(StreamName.ANALYTICS, system());

        assertThat(result)
                .isEqualTo(new Validation.Valid<>(new AnalyticsValues(
                        120, 340, 55.5, 0.93, 512.25, 37.5, 12.8, Instant.parse("2026-11-25T10:00:00Z"))));
    }

    @Test
    void shouldAcceptValidMemoryAndGraphReadings() throws Exception {
        JsonNode memory = Json.mapper().readTree("""
                {"total_memories": 1000, "memories_added": 4, "avg_retrieval_ms": 2.5, "storage_bytes": 1048576,
                 "hit_ratio": 0.75, "timestamp": "2026-11-25T10:00:00+01:00"}""");
        JsonNode graph = Json.mapper().readTree("""
                {"node_count": 10, "edge_count": 12, "density": 0.27, "avg_degree": 2.4,
                 "connected_components": 2, "largest_component": 8, "timestamp": "2026-11-25T10:00:00Z"}""");

        assertThat(ReadingValidator.validate(StreamName.MEMORY, memory))
                .isEqualTo(new Validation.Valid<>(
                        new MemoryValues(1000, 4, 2.5, 1048576, 0.75, Instant.parse("2026-11-25T09:00:00Z"))));
        assertThat(ReadingValidator.validate(StreamName.GRAPH, graph))
                .isEqualTo(new Validation.Valid<>(
                        new GraphValues(10, 12, 0.27, 2.4, 2, 8, Instant.parse("2026-11-25T10:00:00Z"))));
    }

    @Test
    void shouldReportEveryBrokenFieldNotJustTheFirst() throws Exception {
        ObjectNode reading = system();
        reading.remove("active_nodes");
        reading.put("cache_hit_rate", 1.5);
        reading.put("cpu_usage", "high");
        reading.put("timestamp", "yesterday");

        Validation<StreamValues> result = ReadingValidator.validate(StreamName.ANALYTICS, reading);

        assertThat(result).isInstanceOfSatisfying(Validation.Invalid.class, invalid -> {
            assertThat(invalid.errors())
                    .extracting(e -> ((FieldError) e).field())
                    .containsExactly("active_nodes", "cache_hit_rate", "cpu_usage", "timestamp");
            assertThat(invalid.fields()).isEqualTo("active_nodes,cache_hit_rate,cpu_usage,timestamp");
            assertThat(invalid.describe())
                    .contains("active_nodes=null (is required)", "cache_hit_rate=1.5 (must be between 0 and 1)");
        });
    }

    @ParameterizedTest(name = "{0}={1} breaks \"{2}\"")
    @CsvSource(
            delimiter = '|',
            value = {
                "active_nodes   | -1                          | must be between 0 and 1000000000000000",
                "active_nodes   | 2.5                         | must be a whole number",
                "active_nodes   | 99999999999999999999999999  | must be between 0 and 1000000000000000",
                "active_nodes   | \"12\"                      | must be a whole number",
                "active_nodes   | true                        | must be a whole number",
                "query_rate     | -0.1                        | must be between 0 and 1000000000000000",
                "query_rate     | 1e300                       | must be between 0 and 1000000000000000",
                "query_rate     | \"NaN\"                     | must be a number",
                "query_rate     | null                        | is required",
                "query_rate     | {}                          | must be a number",
                "cpu_usage      | 100.01                      | must be between 0 and 100",
                "cache_hit_rate | -0.0001                     | must be between 0 and 1",
                "timestamp      | 12345                       | must be an ISO-8601 timestamp",
                "timestamp      | \"2026-11-25T10:00:00\"     | must be an ISO-8601 timestamp",
            })
    void shouldRejectAFieldThatBreaksItsRule(String field, String json, String rule) throws Exception {
        ObjectNode reading = system();
        reading.set(field, Json.mapper().readTree(json));

        Validation<StreamValues> result = ReadingValidator.validate(StreamName.ANALYTICS, reading);

        assertThat(result)
                .isInstanceOfSatisfying(
                        Validation.Invalid.class,
                        invalid -> assertThat(invalid.errors())
                                .singleElement()
                                .isEqualTo(new FieldError(
                                        field,
                                        "null".equals(json)
                                                ? null
                                                : reading.get(field).toString(),
                                        rule)));
    }

    @Test
    void shouldRejectAPayloadThatIsNotAnObject() throws Exception {
        JsonNode text = Json.mapper().readTree("\"<html>502 Bad Gateway</html>\"");

        assertThat(ReadingValidator.validate(StreamName.GRAPH, text))
                .isEqualTo(new Validation.Invalid<>(
                        List.of(new FieldError("$", "\"<html>502 Bad Gateway</html>\"", "must be a JSON object"))));
        assertThat(ReadingValidator.validate(StreamName.GRAPH, null)).isInstanceOf(Validation.Invalid.class);
    }

    @Test
    void shouldAbbreviateHugeValuesInErrors() throws Exception {
        ObjectNode reading = system();
        reading.put("cpu_usage", "x".repeat(10_000));

        Validation<StreamValues> result = ReadingValidator.validate(StreamName.ANALYTICS, reading);

        assertThat(((Validation.Invalid<StreamValues>) result)
                        .errors()
                        .getFirst()
                        .value())
                .hasSizeLessThan(100);
    }

    @Test
    void shouldValidateStatusPayloads() throws Exception {
        JsonNode down = Json.mapper()
                .readTree("{\"state\":\"DOWN\",\"error\":\"connection refused\",\"since\":\"2026-11-25T10:00:00Z\"}");
        JsonNode bad = Json.mapper().readTree("{\"state\":\"SLEEPY\"}");

        assertThat(ReadingValidator.validateStatus(down))
                .isEqualTo(new Validation.Valid<>(new EngineStatus(
                        EngineState.DOWN, "connection refused", Instant.parse("2026-11-25T10:00:00Z"))));
        assertThat(ReadingValidator.validateStatus(bad))
                .isInstanceOfSatisfying(
                        Validation.Invalid.class,
                        invalid -> assertThat(invalid.fields()).isEqualTo("state,since"));
    }
}

package dev.pulse.collector.engines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.config.Env;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.validate.ContractFields;
import dev.pulse.common.validate.ReadingValidator;
import dev.pulse.common.validate.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamMappingTest {
    private static final Instant COLLECTED = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private StreamMapping memoryInKib() throws Exception {
        Path file = dir.resolve("engines.yaml");
        Files.writeString(file, """
                profiles:
                  kib:
                    memory:
                      fields:
                        storage_bytes: {pointer: /storage_kib, scale: 1024}
                        hit_ratio: {pointer: /hit_percent, scale: percent_to_ratio}
                        memories_added: {pointer: /added, required: false, default: 0}
                        timestamp: {pointer: /at, required: false, default: collected}
                engines: [{id: e, url: 'http://h:1', profile: kib}]
                """);
        return EnginesFile.load(file, new Env(Map.of()))
                .getFirst()
                .profile()
                .streams()
                .get(StreamName.MEMORY);
    }

    @Test
    void shouldMapScaleAndFillDefaultsIntoTheContractsNames() throws Exception {
        JsonNode answer = Json.mapper().readTree("""
                {"total_memories": 10, "avg_retrieval_ms": 1.5, "storage_kib": 2.5, "hit_percent": 90, "extra": 1}""");

        Mapped mapped = memoryInKib().map(answer, COLLECTED);

        assertThat(mapped.mappingError()).isNull();
        assertThat(mapped.payload().toString())
                .isEqualTo("{\"total_memories\":10,\"memories_added\":0,\"avg_retrieval_ms\":1.5,"
                        + "\"storage_bytes\":2560,\"hit_ratio\":0.9,\"timestamp\":\"2026-12-01T10:00:00Z\"}");
        assertThat(ReadingValidator.validate(StreamName.MEMORY, mapped.payload()))
                .isInstanceOf(Validation.Valid.class);
    }

    @Test
    void shouldKeepTheAnswerAndNameEveryMissingRequiredFieldWithItsPointer() throws Exception {
        JsonNode answer = Json.mapper().readTree("{\"total_memories\": 10, \"hit_percent\": 90}");

        Mapped mapped = memoryInKib().map(answer, COLLECTED);

        assertThat(mapped.payload()).isSameAs(answer);
        assertThat(mapped.mappingError())
                .isEqualTo("memory: required avg_retrieval_ms not found at /avg_retrieval_ms;"
                        + " required storage_bytes not found at /storage_kib");
    }

    @Test
    void shouldForwardABodyThatIsNotJsonAsReceived() throws Exception {
        JsonNode answer = Json.mapper().getNodeFactory().textNode("<html>oops</html>");

        Mapped mapped = memoryInKib().map(answer, COLLECTED);

        assertThat(mapped).isEqualTo(Mapped.asReceived(answer));
    }

    @Test
    void shouldPassAValueOfTheWrongTypeOnForTheValidatorToName() throws Exception {
        JsonNode answer = Json.mapper().readTree("""
                {"total_memories": 10, "avg_retrieval_ms": 1.5, "storage_kib": "lots", "hit_percent": 90}""");

        Mapped mapped = memoryInKib().map(answer, COLLECTED);

        assertThat(mapped.mappingError()).isNull();
        assertThat(mapped.payload().get("storage_bytes").asText()).isEqualTo("lots");
    }

    @Test
    void shouldMapEveryContractFieldOfTheTable() throws Exception {
        assertThat(memoryInKib().fields())
                .extracting(f -> f.field())
                .containsExactlyElementsOf(ContractFields.of(StreamName.MEMORY));
    }
}

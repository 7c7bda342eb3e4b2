package dev.pulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/asyncapi.yaml against the AsyncAPI 3.0.0 specification's own JSON Schema, which npm's {@code @asyncapi/specs}
 * ships (installed once into {@code ~/.cache/pulse-asyncapi}; skipped, saying why, where npm cannot install it).
 */
class AsyncApiDocumentTest {
    private static final String SPECS = "@asyncapi/specs@6.11.1";
    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "pulse-asyncapi");
    private static final Path META_SCHEMA =
            CACHE.resolve("node_modules/@asyncapi/specs/schemas/3.0.0-without-$id.json");
    private static final Path DOCUMENT = ParentPom.HOME.resolve("docs/asyncapi.yaml");
    private static JsonNode document;

    @BeforeAll
    static void readTheDocument() throws IOException {
        document = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());
    }

    @Test
    void shouldBeAValidAsyncApi3Document() throws IOException {
        if (!Files.isRegularFile(META_SCHEMA) && Command.onPath("npm")) {
            Files.createDirectories(CACHE);
            Command.of(
                            CACHE,
                            "npm",
                            "install",
                            "--silent",
                            "--no-audit",
                            "--no-fund",
                            "--prefix",
                            CACHE.toString(),
                            SPECS)
                    .run(Duration.ofMinutes(3));
        }
        Assumptions.assumeTrue(
                Files.isRegularFile(META_SCHEMA),
                "the AsyncAPI JSON Schema (npm " + SPECS + ") is not in " + CACHE + " and npm could not install it");
        Schema meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(Files.readString(META_SCHEMA));

        List<Error> errors = meta.validate(document);

        assertThat(errors).isEmpty();
    }

    @Test
    void shouldDescribeEveryTopicAndReferenceSchemasThatExist() {
        List<String> addresses = new ArrayList<>();
        document.path("channels")
                .forEach(channel -> addresses.add(channel.path("address").asText()));
        assertThat(addresses)
                .contains(
                        "engine.readings.raw",
                        "engine.readings.dlq",
                        "dashboard.analytics",
                        "dashboard.memory",
                        "dashboard.graph",
                        "/events");
        document.at("/components/messages").forEach(message -> {
            String ref = message.at("/payload/schema/$ref").asText();
            if (!ref.isEmpty()) {
                assertThat(DOCUMENT.resolveSibling(ref).normalize()).exists();
            }
        });
    }
}

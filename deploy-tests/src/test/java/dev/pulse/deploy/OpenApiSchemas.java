package dev.pulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The component schemas of docs/openapi.yaml (JSON Schema 2020-12, as OpenAPI 3.1 has them), to check real answers
 * with: the whole document is the schema root, so references between components resolve as written.
 */
final class OpenApiSchemas {
    static final Path DOCUMENT = ParentPom.HOME.resolve("docs/openapi.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;

    private OpenApiSchemas(JsonNode document) {
        this.document = document;
    }

    static OpenApiSchemas read() {
        try {
            return new OpenApiSchemas(new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode document() {
        return document;
    }

    /** What in {@code json} does not match component schema {@code name}; empty when it all does. */
    List<String> violations(String name, String json) throws IOException {
        if (document.at("/components/schemas/" + name).isMissingNode()) {
            throw new IllegalArgumentException("no schema " + name + " in " + DOCUMENT);
        }
        ObjectNode root = document.deepCopy();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$ref", "#/components/schemas/" + name);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(root)
                .validate(JSON.readTree(json))
                .stream()
                .map(Error::toString)
                .toList();
    }
}

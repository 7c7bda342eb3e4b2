package dev.pulse.collector.engines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.StreamName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How one stream is read from an engine: the endpoint, and where each contract field is in its answer.
 *
 * @param stream the stream it feeds
 * @param endpoint the call that reads it
 * @param fields one mapping per contract field, in the contract's order; empty = the answer already is the contract
 *     (the built-in API) and is forwarded as received
 */
public record StreamMapping(StreamName stream, Endpoint endpoint, List<FieldMapping> fields) {
    public StreamMapping {
        fields = List.copyOf(fields);
    }

    /** The built-in API: today's path, the answer forwarded as received for the processor to validate. */
    public static StreamMapping builtIn(StreamName stream) {
        return new StreamMapping(stream, Endpoint.get(stream.source().defaultPath()), List.of());
    }

    public StreamMapping withHeaders(List<Header> headers) {
        return new StreamMapping(stream, endpoint.withHeaders(headers), fields);
    }

    /**
     * The answer in the contract's field names. An answer that is not a JSON object or array (a text body, a bare
     * number) is forwarded as received: the processor dead-letters it as malformed, as with the built-in API.
     */
    public Mapped map(JsonNode answer, Instant collectedAt) {
        if (fields.isEmpty() || !answer.isContainerNode()) {
            return Mapped.asReceived(answer);
        }
        ObjectNode mapped = Json.mapper().createObjectNode();
        List<String> missing = new ArrayList<>();
        for (FieldMapping field : fields) {
            Optional<JsonNode> value = field.read(answer, collectedAt);
            if (value.isPresent()) {
                mapped.set(field.field().name(), value.get());
            } else {
                missing.add(field.field().name() + " not found at " + field.pointer());
            }
        }
        if (!missing.isEmpty()) {
            return new Mapped(answer, stream.wireName() + ": required " + String.join("; required ", missing));
        }
        return Mapped.asReceived(mapped);
    }
}

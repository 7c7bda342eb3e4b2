package dev.pulse.collector.engines;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An engine's answer after its profile's mapping.
 *
 * @param payload the answer in the contract's field names, or the answer as received when it could not be mapped
 * @param mappingError why it could not be mapped (names each missing field and its JSON pointer); null when it could
 */
public record Mapped(JsonNode payload, String mappingError) {
    public static Mapped asReceived(JsonNode answer) {
        return new Mapped(answer, null);
    }
}

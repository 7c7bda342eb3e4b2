package dev.pulse.collector.poll;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.pulse.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns an engine's body into the payload of a raw reading. JSON stays JSON; anything else is forwarded as a JSON
 * string, so the processor can dead-letter it (a 200 with garbage is data, not an outage).
 */
final class Payloads {
    /** Appended to the text of a body cut at the size limit. */
    static final String TRUNCATION_MARK = "…[truncated by the collector]";
    // "{} junk" must not pass as {}: trailing tokens make a body malformed.
    private static final ObjectReader READER =
            Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Payloads() {}

    static JsonNode of(BoundedBody body) {
        String text = new String(body.bytes(), StandardCharsets.UTF_8);
        if (body.truncated()) {
            return TextNode.valueOf(text + TRUNCATION_MARK);
        }
        try {
            JsonNode json = READER.readTree(body.bytes());
            return json == null || json.isMissingNode() ? TextNode.valueOf(text) : json;
        } catch (IOException e) {
            return TextNode.valueOf(text);
        }
    }
}

package dev.pulse.simulator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import dev.pulse.ops.BadRequest;
import dev.pulse.simulator.fault.Fault;
import dev.pulse.simulator.fault.FaultMode;
import java.time.Duration;
import java.time.Instant;

/** Reads the body of {@code PUT /admin/engines/{id}/fault}; anything wrong is a {@link BadRequest}. */
final class FaultRequest {
    static final long MAX_DELAY_MS = 60_000;
    static final long MIN_PERIOD_MS = 100;
    static final long MAX_PERIOD_MS = 600_000;

    private FaultRequest() {}

    static Fault parse(String body, Instant now) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body must be JSON such as {\"mode\":\"down\"}");
        }
        if (json == null || !json.isObject()) {
            throw new BadRequest("the body must be a JSON object such as {\"mode\":\"down\"}");
        }
        JsonNode modeNode = json.get("mode");
        if (modeNode == null || !modeNode.isTextual()) {
            throw new BadRequest("mode is required: one of " + FaultMode.choices());
        }
        FaultMode mode = FaultMode.parse(modeNode.textValue())
                .orElseThrow(() -> new BadRequest(
                        "unknown mode '" + modeNode.textValue() + "': use one of " + FaultMode.choices()));
        Duration delay = millis(json, "delay_ms", Fault.DEFAULT_DELAY, 0, MAX_DELAY_MS);
        Duration period = millis(json, "period_ms", Fault.DEFAULT_PERIOD, MIN_PERIOD_MS, MAX_PERIOD_MS);
        return new Fault(mode, delay, period, now);
    }

    private static Duration millis(JsonNode json, String field, Duration defaultValue, long min, long max) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.canConvertToExactIntegral()
                || !node.canConvertToLong()
                || node.asLong() < min
                || node.asLong() > max) {
            throw new BadRequest(
                    field + " must be a whole number of milliseconds from " + min + " to " + max + ", got " + node);
        }
        return Duration.ofMillis(node.asLong());
    }
}

package dev.pulse.simulator.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns a healthy reading into the bad data the processor must dead-letter. */
public final class Corruption {
    private static final Set<String> UPPER_BOUNDED = Set.of("cache_hit_rate", "cpu_usage", "hit_ratio", "density");

    private Corruption() {}

    /** Text that starts like the reading but is not JSON: a body cut off mid-way, then junk. */
    public static String malformed(ObjectNode reading) {
        String json = reading.toString();
        return json.substring(0, json.length() / 2) + "<<garbage";
    }

    /** Every number becomes a string and the timestamp a number: the types are all wrong. */
    public static ObjectNode wrongTypes(ObjectNode reading) {
        ObjectNode bad = reading.deepCopy();
        for (String field : fieldNames(reading)) {
            JsonNode value = reading.get(field);
            if (value.isNumber()) {
                bad.put(field, value.asText() + " units");
            } else if ("timestamp".equals(field)) {
                bad.put(field, System.currentTimeMillis());
            }
        }
        return bad;
    }

    /** Every number leaves its valid range: counts go negative, ratios and percentages overshoot. */
    public static ObjectNode outOfRange(ObjectNode reading) {
        ObjectNode bad = reading.deepCopy();
        for (String field : fieldNames(reading)) {
            JsonNode value = reading.get(field);
            if (UPPER_BOUNDED.contains(field)) {
                // Bounded fields overshoot their upper bound; the rest go below zero.
                bad.put(field, "cpu_usage".equals(field) ? 250.0 : 1.5);
            } else if (value.isIntegralNumber()) {
                bad.put(field, -1 - value.asLong());
            } else if (value.isNumber()) {
                bad.put(field, -1 - value.asDouble());
            }
        }
        return bad;
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

package dev.pulse.common.model;

import java.util.regex.Pattern;

/**
 * The one rule for engine ids, enforced by every stage: the collector's configuration, the processor's gate (an id that
 * breaks it is a dead letter) and the gateway's {@code engine=} filter. Ids are Kafka keys, URL path segments and
 * metric tags, so they stay short and plain.
 */
public final class EngineId {
    /** Letters, digits, dot, underscore and dash; 1 to 64 characters. */
    public static final Pattern RULE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** How the rule reads in an error message. */
    public static final String DESCRIPTION = "1 to 64 of A-Z a-z 0-9 . _ -";

    private EngineId() {}

    public static boolean isValid(String engineId) {
        return engineId != null && RULE.matcher(engineId).matches();
    }
}

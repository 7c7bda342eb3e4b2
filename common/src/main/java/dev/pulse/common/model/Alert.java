package dev.pulse.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The value of the {@code engine.alerts} topic (key = engine id): one threshold transition of one field of an engine,
 * and the engine's active alerts after it. The processor writes transitions only: a breach when a field's level rises
 * (OK → WARNING, OK → CRITICAL, WARNING → CRITICAL), a clear when it falls; a retired engine gets one clear per active
 * alert, then a tombstone. Schema: docs/schema/alert.schema.json.
 *
 * @param engineId the engine
 * @param stream the stream of the field
 * @param field the contract field ({@code cpu_usage})
 * @param transition BREACH (the level rose) or CLEAR (it fell)
 * @param level the level now
 * @param previous the level before
 * @param operator the comparison of the rule that decided: for a breach the rule of the new level, for a clear the rule
 *     of the previous level (no longer met)
 * @param bound the bound of that rule
 * @param value the field's value in the reading that caused the transition; null when the engine was retired
 * @param run the collector run of that reading (0 for a retirement)
 * @param sequence the collector sequence of that reading (0 for a retirement)
 * @param observedAt when the engine took that reading; null for a retirement
 * @param at when the processor decided the transition
 * @param reason why a clear has no reading behind it (the engine was retired), else null
 * @param active every alert of the engine that is active after this transition (empty when none): the latest record of
 *     an engine is its whole alert state, which is what compaction keeps
 */
public record Alert(
        String engineId,
        StreamName stream,
        String field,
        Transition transition,
        AlertLevel level,
        AlertLevel previous,
        String operator,
        double bound,
        Double value,
        long run,
        long sequence,
        Instant observedAt,
        Instant at,
        String reason,
        List<ActiveAlert> active) {

    /** The direction of a transition. */
    public enum Transition {
        BREACH,
        CLEAR;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Transition fromWire(String name) {
            for (Transition t : values()) {
                if (t.wireName().equals(name)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown alert transition: " + name);
        }
    }

    public Alert {
        Objects.requireNonNull(engineId, "engineId");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(at, "at");
        active = List.copyOf(active);
        boolean rose = level.compareTo(previous) > 0;
        if (level == previous || rose != (transition == Transition.BREACH)) {
            throw new IllegalArgumentException(
                    "a " + transition.wireName() + " from " + previous.wireName() + " to " + level.wireName());
        }
    }
}

package dev.pulse.common.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.model.AlertLevel;
import dev.pulse.common.model.StreamName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The threshold rules of one layer (fleet-wide, a profile, an engine) or of an engine once its layers are combined, by
 * field. A layer that names a field replaces every rule of that field from the layers below it ({@link #over}); an
 * {@code off} entry removes them.
 */
public final class ThresholdSet {
    public static final ThresholdSet EMPTY = new ThresholdSet(Map.of());

    private final Map<String, FieldThresholds> fields;

    private ThresholdSet(Map<String, FieldThresholds> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Entries separated by commas (the form of {@code ALERT_THRESHOLDS}); blank = none. */
    public static ThresholdSet parse(String commaSeparated) throws ThresholdException {
        return parse(Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList());
    }

    /** The value of an engines file's {@code thresholds:}: a list of entries, or one comma-separated string. */
    public static ThresholdSet parse(JsonNode node) throws ThresholdException {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return EMPTY;
        }
        if (node.isTextual()) {
            return parse(node.textValue());
        }
        if (!node.isArray()) {
            throw new ThresholdException(node.toString(), "a list of entries " + ThresholdSyntax.FORM);
        }
        List<String> entries = new ArrayList<>();
        for (JsonNode entry : node) {
            if (!entry.isTextual()) {
                throw new ThresholdException(entry.toString(), "an entry " + ThresholdSyntax.FORM);
            }
            entries.add(entry.textValue());
        }
        return parse(entries);
    }

    /**
     * Checks the entries together: per field at most one rule per level, both levels in the same direction, and the
     * critical bound at least as far out as the warning bound (else the warning level could never be reached).
     */
    public static ThresholdSet parse(Collection<String> entries) throws ThresholdException {
        Map<String, FieldThresholds> fields = new LinkedHashMap<>();
        for (String text : entries) {
            ThresholdSyntax.Entry entry = ThresholdSyntax.parse(text);
            switch (entry) {
                case ThresholdSyntax.Off off -> {
                    String key = FieldThresholds.key(off.stream(), off.field());
                    if (fields.containsKey(key)) {
                        throw new ThresholdException(text.strip(), "'off' as the only entry of " + key);
                    }
                    fields.put(key, FieldThresholds.off(off.stream(), off.field()));
                }
                case ThresholdSyntax.Rule rule -> add(fields, rule.threshold(), text.strip());
            }
        }
        return new ThresholdSet(fields);
    }

    private static void add(Map<String, FieldThresholds> fields, Threshold rule, String text)
            throws ThresholdException {
        String key = FieldThresholds.key(rule.stream(), rule.field());
        FieldThresholds current = fields.getOrDefault(key, FieldThresholds.off(rule.stream(), rule.field()));
        if (fields.containsKey(key) && current.isOff()) {
            throw new ThresholdException(text, "no rule for " + key + " beside its 'off'");
        }
        if (current.rule(rule.level()) != null) {
            throw new ThresholdException(text, "one " + rule.level().wireName() + " rule for " + key);
        }
        Threshold other = rule.level() == AlertLevel.WARNING ? current.critical() : current.warning();
        if (other != null) {
            if (other.operator().upper() != rule.operator().upper()) {
                throw new ThresholdException(text, "the same direction as " + other + " (both > / >= or both < / <=)");
            }
            Threshold warning = rule.level() == AlertLevel.WARNING ? rule : other;
            Threshold critical = rule.level() == AlertLevel.CRITICAL ? rule : other;
            boolean ordered =
                    rule.operator().upper() ? critical.bound() >= warning.bound() : critical.bound() <= warning.bound();
            if (!ordered) {
                throw new ThresholdException(
                        text,
                        "a critical bound at least as far out as the warning bound (" + warning + ", " + critical
                                + ")");
            }
        }
        fields.put(
                key,
                rule.level() == AlertLevel.WARNING
                        ? new FieldThresholds(rule.stream(), rule.field(), rule, current.critical())
                        : new FieldThresholds(rule.stream(), rule.field(), current.warning(), rule));
    }

    /** This layer on top of {@code below}: the fields named here replace (or, off, remove) those of below. */
    public ThresholdSet over(ThresholdSet below) {
        if (fields.isEmpty()) {
            return below;
        }
        Map<String, FieldThresholds> merged = new LinkedHashMap<>(below.fields);
        fields.forEach((key, rules) -> {
            if (rules.isOff()) {
                merged.remove(key);
            } else {
                merged.put(key, rules);
            }
        });
        return new ThresholdSet(merged);
    }

    /** The rules of one stream's fields (off entries excluded). */
    public List<FieldThresholds> of(StreamName stream) {
        return fields.values().stream()
                .filter(f -> f.stream() == stream && !f.isOff())
                .toList();
    }

    /** The rules of one field, or null. */
    public FieldThresholds field(String key) {
        FieldThresholds rules = fields.get(key);
        return rules == null || rules.isOff() ? null : rules;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** Every rule, as written ({@code analytics.cpu_usage>90:warning}), for logs. */
    @Override
    public String toString() {
        List<String> rules = new ArrayList<>();
        for (FieldThresholds f : fields.values()) {
            if (f.isOff()) {
                rules.add(f.key() + ":off");
            }
            if (f.warning() != null) {
                rules.add(f.warning().toString());
            }
            if (f.critical() != null) {
                rules.add(f.critical().toString());
            }
        }
        return String.join(",", rules);
    }
}

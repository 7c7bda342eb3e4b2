package dev.pulse.processor.alert;

import dev.pulse.common.model.ActiveAlert;
import dev.pulse.common.model.StreamName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the evaluator keeps per engine (the value of {@link AlertStore#NAME}, key = engine id): its active alerts. An
 * engine that has had an alert keeps an entry, empty or not, until it is retired, so that its retirement knows to write
 * the tombstone that removes it from the compacted topic.
 *
 * @param active the fields past a threshold, in the order they got there
 */
public record EngineAlerts(List<ActiveAlert> active) {
    public static final EngineAlerts NONE = new EngineAlerts(List.of());

    public EngineAlerts {
        active = List.copyOf(Objects.requireNonNull(active, "active"));
    }

    public Optional<ActiveAlert> find(StreamName stream, String field) {
        return active.stream()
                .filter(a -> a.stream() == stream && a.field().equals(field))
                .findFirst();
    }

    /** The same with the field's alert replaced by {@code alert}, or removed when it is null. */
    public EngineAlerts with(StreamName stream, String field, ActiveAlert alert) {
        List<ActiveAlert> next = new ArrayList<>(active.size() + 1);
        boolean replaced = false;
        for (ActiveAlert a : active) {
            if (a.stream() == stream && a.field().equals(field)) {
                replaced = true;
                if (alert != null) {
                    next.add(alert);
                }
            } else {
                next.add(a);
            }
        }
        if (!replaced && alert != null) {
            next.add(alert);
        }
        return new EngineAlerts(next);
    }
}

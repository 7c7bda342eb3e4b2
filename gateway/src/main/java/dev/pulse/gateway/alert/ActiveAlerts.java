package dev.pulse.gateway.alert;

import dev.pulse.common.model.ActiveAlert;
import java.util.List;

/**
 * The body of {@code GET /api/v1/alerts} and the data of the SSE event {@code alerts-active}: every active alert, by
 * engine id, then stream and field.
 */
public record ActiveAlerts(List<ActiveAlert> alerts) {
    public ActiveAlerts {
        alerts = List.copyOf(alerts);
    }
}

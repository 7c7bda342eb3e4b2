package dev.pulse.gateway.alert;

import dev.pulse.gateway.fanout.Subscription;
import dev.pulse.gateway.http.AccessScope;
import dev.pulse.gateway.http.RequestParams;
import dev.pulse.ops.Readiness;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;

/**
 * {@code GET /api/v1/alerts[?engine=a,b]}: the active alerts, {@code {"alerts": [...]}} (docs/schema/alert.schema.json,
 * the items of {@code active}), by engine, stream and field. Built from the compacted {@code engine.alerts} topic, as
 * the snapshot is from the stream topics. A JWT's engine scope limits them, as on {@code /events?streams=alerts}.
 */
public final class AlertsEndpoint {
    private final AlertHub hub;
    private final Readiness readiness;

    public AlertsEndpoint(AlertHub hub, Readiness readiness) {
        this.hub = hub;
        this.readiness = readiness;
    }

    public void handle(Context ctx) {
        readiness.notReadyReason().ifPresent(reason -> {
            throw new ServiceUnavailableResponse("not ready: " + reason);
        });
        // A JWT's engines: 403 for an engine named beyond them, the rest narrowed to them (as on /events).
        Subscription engines = AccessScope.of(ctx).restrict(ctx, Subscription.alertsOf(RequestParams.engines(ctx)));
        ctx.contentType("application/json").result(AlertHub.json(hub.activeFor(engines)));
    }
}

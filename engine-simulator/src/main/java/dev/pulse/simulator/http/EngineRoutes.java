package dev.pulse.simulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.common.model.EngineId;
import dev.pulse.common.model.ReadingKind;
import dev.pulse.ops.BadRequest;
import dev.pulse.ops.OpsRoutes;
import dev.pulse.simulator.fault.Corruption;
import dev.pulse.simulator.fault.Fault;
import dev.pulse.simulator.fault.FaultTable;
import dev.pulse.simulator.model.EngineFleet;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Optional;

/**
 * The engine API: {@code /health} and the three data endpoints, for the default engine at the root and for any engine
 * under {@code /engines/{id}}, each bent by the fault injected into that engine.
 */
public final class EngineRoutes {
    private final EngineFleet fleet;
    private final FaultTable faults;
    private final String defaultEngineId;
    private final Clock clock;

    public EngineRoutes(EngineFleet fleet, FaultTable faults, String defaultEngineId, Clock clock) {
        this.fleet = fleet;
        this.faults = faults;
        this.defaultEngineId = defaultEngineId;
        this.clock = clock;
    }

    /** Whether a path is one of the engine API's paths at the root (the default engine's). */
    static boolean isEnginePath(String path) {
        for (ReadingKind kind : ReadingKind.values()) {
            if (kind.defaultPath().equals(path)) {
                return true;
            }
        }
        return false;
    }

    public void install(JavalinConfig config) {
        config.jetty.modifyServletContextHandler(
                handler -> handler.insertHandler(new DownGate(faults, defaultEngineId, clock)));
        for (ReadingKind kind : ReadingKind.values()) {
            config.routes.get(kind.defaultPath(), ctx -> answer(ctx, defaultEngineId, kind));
            config.routes.get("/engines/{id}" + kind.defaultPath(), ctx -> answer(ctx, ctx.pathParam("id"), kind));
        }
    }

    private void answer(Context ctx, String engineId, ReadingKind kind) throws Exception {
        if (!EngineId.isValid(engineId)) {
            throw new BadRequest("engine id must match " + EngineId.RULE.pattern());
        }
        Optional<Fault> fault = faults.faultOf(engineId);
        if (fault.isPresent() && !healthyDespite(ctx, engineId, fault.get())) {
            return;
        }
        ObjectNode reading;
        try {
            reading = fleet.engine(engineId).reading(kind, clock.instant());
        } catch (IllegalStateException e) {
            throw new BadRequest(e.getMessage());
        }
        if (fault.isEmpty() || kind == ReadingKind.STATUS) {
            ctx.json(reading);
            return;
        }
        switch (fault.get().mode()) {
            case MALFORMED -> ctx.contentType("application/json").result(Corruption.malformed(reading));
            case WRONG_TYPES -> ctx.json(Corruption.wrongTypes(reading));
            case OUT_OF_RANGE -> ctx.json(Corruption.outOfRange(reading));
            default -> ctx.json(reading);
        }
    }

    /** Applies the transport part of a fault; false when the request has been answered (or aborted). */
    private boolean healthyDespite(Context ctx, String engineId, Fault fault) throws InterruptedException {
        if (fault.isDownAt(clock.instant())) {
            // DownGate closes such connections before they get here; a fault set mid-request lands here.
            OpsRoutes.error(ctx, 503, "unavailable", "engine " + engineId + " is down (injected fault)");
            return false;
        }
        switch (fault.mode()) {
            case UNAVAILABLE -> {
                OpsRoutes.error(ctx, 503, "unavailable", "engine " + engineId + " is unavailable (injected fault)");
                return false;
            }
            case SLOW -> Thread.sleep(fault.delay().toMillis());
            default -> {
                // data faults are applied to the answer
            }
        }
        return true;
    }
}

package dev.pulse.simulator.http;

import dev.pulse.common.model.EngineId;
import dev.pulse.ops.BadRequest;
import dev.pulse.simulator.fault.Fault;
import dev.pulse.simulator.fault.FaultTable;
import dev.pulse.simulator.model.EngineFleet;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin API that the reliability tests drive: inject, clear and list faults per engine. */
public final class AdminRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);

    private final EngineFleet fleet;
    private final FaultTable faults;
    private final String defaultEngineId;
    private final Clock clock;

    public AdminRoutes(EngineFleet fleet, FaultTable faults, String defaultEngineId, Clock clock) {
        this.fleet = fleet;
        this.faults = faults;
        this.defaultEngineId = defaultEngineId;
        this.clock = clock;
    }

    public void install(JavalinConfig config) {
        config.routes.put("/admin/engines/{id}/fault", this::inject);
        config.routes.delete("/admin/engines/{id}/fault", this::clear);
        config.routes.get("/admin/engines", this::list);
    }

    private void inject(Context ctx) {
        String engineId = engineId(ctx);
        Fault fault = FaultRequest.parse(ctx.body(), clock.instant());
        faults.inject(engineId, fault);
        LOG.info(
                "fault injected engine={} mode={} delayMs={} periodMs={}",
                engineId,
                fault.mode().wireName(),
                fault.delay().toMillis(),
                fault.period().toMillis());
        ctx.json(Map.of("engine_id", engineId, "fault", describe(fault)));
    }

    private void clear(Context ctx) {
        String engineId = engineId(ctx);
        boolean cleared = faults.clear(engineId);
        if (cleared) {
            LOG.info("fault cleared engine={}", engineId);
        }
        ctx.json(Map.of("engine_id", engineId, "cleared", cleared));
    }

    private void list(Context ctx) {
        Map<String, Fault> current = faults.all();
        TreeSet<String> ids = new TreeSet<>(fleet.engineIds());
        ids.add(defaultEngineId);
        ids.addAll(current.keySet());
        List<Map<String, Object>> engines = new ArrayList<>();
        for (String id : ids) {
            Map<String, Object> engine = new LinkedHashMap<>();
            engine.put("engine_id", id);
            engine.put("default", id.equals(defaultEngineId));
            engine.put("fault", current.containsKey(id) ? describe(current.get(id)) : null);
            engines.add(engine);
        }
        ctx.json(Map.of("engines", engines));
    }

    private static String engineId(Context ctx) {
        String engineId = ctx.pathParam("id");
        if (!EngineId.isValid(engineId)) {
            throw new BadRequest("engine id must match " + EngineId.RULE.pattern());
        }
        return engineId;
    }

    private static Map<String, Object> describe(Fault fault) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", fault.mode().wireName());
        json.put("delay_ms", fault.delay().toMillis());
        json.put("period_ms", fault.period().toMillis());
        json.put("since", fault.since().toString());
        return json;
    }
}

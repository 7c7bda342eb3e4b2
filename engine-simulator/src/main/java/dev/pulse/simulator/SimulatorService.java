package dev.pulse.simulator;

import dev.pulse.ops.OpsRoutes;
import dev.pulse.ops.ServiceMetrics;
import dev.pulse.simulator.fault.FaultTable;
import dev.pulse.simulator.http.AdminRoutes;
import dev.pulse.simulator.http.EngineRoutes;
import dev.pulse.simulator.model.EngineFleet;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine simulator: an HTTP server speaking the engine API with seeded readings for any number of engines, plus an
 * admin API to inject faults. Start with {@link #start}, stop with {@link #close}.
 */
public final class SimulatorService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorService.class);

    private final Javalin app;
    private final FaultTable faults;

    private SimulatorService(Javalin app, FaultTable faults) {
        this.app = app;
        this.faults = faults;
    }

    public static SimulatorService start(SimulatorConfig config) {
        Clock clock = Clock.systemUTC();
        EngineFleet fleet = new EngineFleet(config.seed(), clock);
        FaultTable faults = new FaultTable();
        PrometheusMeterRegistry registry = ServiceMetrics.create("engine-simulator");
        Javalin app = Javalin.create(cfg -> {
                    cfg.jsonMapper(new JavalinJackson(dev.pulse.common.json.Json.mapper(), false));
                    cfg.startup.showJavalinBanner = false;
                    // Slow faults sleep in the handler: virtual threads make that free.
                    cfg.concurrency.useVirtualThreads = true;
                    cfg.jetty.port = config.port();
                    // /health here is the default engine's health (faults apply), so OpsRoutes.install, which
                    // registers its own /health, is not used; /metrics and the JSON errors are the same.
                    new EngineRoutes(fleet, faults, config.defaultEngineId(), clock).install(cfg);
                    if (config.admin()) {
                        // The admin API changes what the engines answer: a DNS-rebinding page must not reach it.
                        // The engine API stays open to any name (the collector reaches the simulator by its service
                        // name).
                        config.adminOrigins().guard(cfg, "/admin/*");
                        new AdminRoutes(fleet, faults, config.defaultEngineId(), clock).install(cfg);
                    }
                    cfg.routes.get(
                            "/metrics",
                            ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                                    .result(registry.scrape()));
                    OpsRoutes.installJsonErrors(cfg);
                })
                .start();
        LOG.info(
                "engine simulator listening port={} seed={} defaultEngine={} admin={}",
                app.port(),
                config.seed(),
                config.defaultEngineId(),
                config.admin());
        return new SimulatorService(app, faults);
    }

    /** The HTTP port it listens on (the chosen one when configured with 0). */
    public int port() {
        return app.port();
    }

    /** The fault table, for in-process tests that want to skip the admin API. */
    public FaultTable faults() {
        return faults;
    }

    @Override
    public void close() {
        app.stop();
    }
}

package dev.pulse.ops;

import dev.pulse.common.json.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every service's HTTP server has: the shared JSON mapper, {@code /health}, {@code /ready}, {@code /metrics}
 * (Prometheus) and JSON errors for everything that goes wrong (never a stack trace).
 */
public final class OpsRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(OpsRoutes.class);

    private OpsRoutes() {}

    public static void install(JavalinConfig config, PrometheusMeterRegistry registry, Readiness readiness) {
        config.jsonMapper(new JavalinJackson(Json.mapper(), false));
        config.startup.showJavalinBanner = false;
        config.routes.get("/health", ctx -> ctx.json(Map.of("status", "UP")));
        config.routes.get(
                "/ready",
                ctx -> readiness
                        .notReadyReason()
                        .ifPresentOrElse(
                                reason -> ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
                                        .json(Map.of("status", "NOT_READY", "reason", reason)),
                                () -> ctx.json(Map.of("status", "READY"))));
        config.routes.get(
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(registry.scrape()));
        installJsonErrors(config);
    }

    /** Every error answer as an {@link ApiError}; unexpected exceptions are logged, not shown. */
    public static void installJsonErrors(JavalinConfig config) {
        config.routes.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, "bad_request", e.getMessage()));
        config.routes.exception(
                HttpResponseException.class,
                (e, ctx) -> error(ctx, e.getStatus(), category(e.getStatus()), e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unhandled error method={} path={}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal_error", "the server failed to answer this request; it has been logged");
        });
        for (int status : new int[] {404, 405}) {
            config.routes.error(status, ctx -> {
                if (ctx.result() == null
                        || ctx.result().isEmpty()
                        || !ctx.res().getContentType().startsWith("application/json")) {
                    error(
                            ctx,
                            status,
                            category(status),
                            status == 404 ? "no such endpoint: " + ctx.path() : "method not allowed");
                }
            });
        }
    }

    public static void error(Context ctx, int status, String category, String message) {
        ctx.status(status).json(new ApiError(status, category, message));
    }

    private static String category(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 429 -> "too_many_requests";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "client_error";
        };
    }
}

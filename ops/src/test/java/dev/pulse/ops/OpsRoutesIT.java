package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import io.javalin.Javalin;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.TooManyRequestsResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The routes and error answers every service shares, on a real Javalin server. */
class OpsRoutesIT {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final AtomicReference<Optional<String>> NOT_READY = new AtomicReference<>(Optional.empty());
    private static Javalin app;

    @BeforeAll
    static void startServer() {
        app = Javalin.create(cfg -> {
                    cfg.jetty.port = 0;
                    OpsRoutes.install(cfg, ServiceMetrics.create("ops-test"), NOT_READY::get);
                    cfg.routes.get("/bad", ctx -> {
                        throw new BadRequest("limit must be a number");
                    });
                    cfg.routes.get("/forbidden", ctx -> {
                        throw new ForbiddenResponse("origin not allowed");
                    });
                    cfg.routes.get("/busy", ctx -> {
                        throw new TooManyRequestsResponse("too many streams");
                    });
                    cfg.routes.get("/status/{code}", ctx -> {
                        int code = Integer.parseInt(ctx.pathParam("code"));
                        throw new HttpResponseException(code, "status " + code);
                    });
                    // A handler that answers a bare 404 (no body) still gets the JSON error.
                    cfg.routes.get("/gone", ctx -> ctx.status(404));
                    cfg.routes.get("/broken", ctx -> {
                        throw new IllegalStateException("secret internal detail");
                    });
                })
                .start();
    }

    @AfterAll
    static void stopServer() {
        app.stop();
    }

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void readinessSaysWhyItIsNotReady() throws Exception {
        NOT_READY.set(Optional.of("kafka unreachable"));
        try {
            HttpResponse<String> notReady = get("/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(json(notReady).path("status").asText()).isEqualTo("NOT_READY");
            assertThat(json(notReady).path("reason").asText()).isEqualTo("kafka unreachable");
        } finally {
            NOT_READY.set(Optional.empty());
        }

        HttpResponse<String> ready = get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).path("status").asText()).isEqualTo("READY");
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).contains("# TYPE");
    }

    @Test
    void everyErrorIsAJsonApiErrorWithItsCategory() throws Exception {
        assertError(get("/bad"), 400, "bad_request", "limit must be a number");
        assertError(get("/forbidden"), 403, "forbidden", "origin not allowed");
        assertError(get("/busy"), 429, "too_many_requests", "too many streams");
        assertError(get("/gone"), 404, "not_found", "no such endpoint: /gone");
        assertError(get("/status/400"), 400, "bad_request", "status 400");
        assertError(get("/status/401"), 401, "unauthorized", "status 401");
        assertError(get("/status/405"), 405, "method_not_allowed", "status 405");
        assertError(get("/status/503"), 503, "unavailable", "status 503");
        assertError(get("/status/418"), 418, "client_error", "status 418");
        assertError(get("/status/502"), 502, "internal_error", "status 502");
    }

    @Test
    void noRouteIsAJson404NamingThePath() throws Exception {
        HttpResponse<String> response = get("/no/such/path");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("error").asText()).isEqualTo("not_found");
        assertThat(json(response).path("message").asText()).contains("/no/such/path");
    }

    @Test
    void anUnexpectedExceptionIsA500WithoutItsDetails() throws Exception {
        HttpResponse<String> response = get("/broken");

        assertError(response, 500, "internal_error", "the server failed to answer this request; it has been logged");
        assertThat(response.body()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException");
    }

    private static void assertError(HttpResponse<String> response, int status, String category, String message)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("error").asText()).isEqualTo(category);
        assertThat(body.path("message").asText()).isEqualTo(message);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send("GET", path);
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

package dev.pulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.validate.ReadingValidator;
import dev.pulse.common.validate.Validation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatorServiceIT {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static SimulatorService simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = SimulatorService.start(SimulatorConfig.onFreePort());
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Test
    void shouldServeValidReadingsOfEveryStreamForTheDefaultEngineAndAnyOther() throws Exception {
        for (String prefix : new String[] {"", "/engines/engine-7"}) {
            assertThat(get(prefix + "/health").statusCode()).isEqualTo(200);
            for (StreamName stream : StreamName.values()) {
                HttpResponse<String> response = get(prefix + stream.source().defaultPath());

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
                assertThat(ReadingValidator.validate(stream, json(response))).isInstanceOf(Validation.Valid.class);
            }
        }
    }

    @Test
    void shouldCloseTheConnectionWithoutAnAnswerWhileAnEngineIsDown() throws Exception {
        // given
        putFault("down-1", "{\"mode\":\"down\"}");

        // then
        assertThatThrownBy(() -> get("/engines/down-1/health")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get("/engines/down-1/api/v1/metrics/system")).isInstanceOf(IOException.class);
        assertThat(get("/engines/other-1/health").statusCode()).isEqualTo(200);

        // when
        assertThat(delete("down-1").statusCode()).isEqualTo(200);

        // then
        assertThat(get("/engines/down-1/health").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer503WhileAnEngineIsUnavailable() throws Exception {
        putFault("unavailable-1", "{\"mode\":\"unavailable\"}");

        assertThat(get("/engines/unavailable-1/health").statusCode()).isEqualTo(503);
        assertThat(get("/engines/unavailable-1/api/v1/metrics/graph").statusCode())
                .isEqualTo(503);
    }

    @Test
    void shouldDelayAnswersOfASlowEngine() throws Exception {
        putFault("slow-1", "{\"mode\":\"slow\",\"delay_ms\":300}");

        long start = System.nanoTime();
        HttpResponse<String> response = get("/engines/slow-1/api/v1/metrics/system");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void shouldAnswerBodiesThatAreNotJsonWhenMalformed() throws Exception {
        putFault("malformed-1", "{\"mode\":\"malformed\"}");

        HttpResponse<String> response = get("/engines/malformed-1/api/v1/insights/memory");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> Json.mapper().readTree(response.body())).isInstanceOf(IOException.class);
        assertThat(get("/engines/malformed-1/health").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswerReadingsTheValidatorRejectsWhenTypesOrRangesAreWrong() throws Exception {
        putFault("types-1", "{\"mode\":\"wrong_types\"}");
        putFault("range-1", "{\"mode\":\"out_of_range\"}");

        for (String engine : new String[] {"types-1", "range-1"}) {
            for (StreamName stream : StreamName.values()) {
                JsonNode reading =
                        json(get("/engines/" + engine + stream.source().defaultPath()));
                assertThat(ReadingValidator.validate(stream, reading))
                        .as("%s %s", engine, reading)
                        .isInstanceOf(Validation.Invalid.class);
            }
        }
    }

    @Test
    void shouldAlternateBetweenDownAndHealthyWhenFlapping() throws Exception {
        putFault("flapping-1", "{\"mode\":\"flapping\",\"period_ms\":200}");

        Set<String> seen = new HashSet<>();
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    try {
                        seen.add("status " + get("/engines/flapping-1/health").statusCode());
                    } catch (IOException e) {
                        seen.add("closed");
                    }
                    return seen.containsAll(Set.of("status 200", "closed"));
                });
    }

    @Test
    void shouldListEnginesWithTheirFaults() throws Exception {
        putFault("listed-1", "{\"mode\":\"slow\",\"delay_ms\":10}");

        JsonNode engines = json(get("/admin/engines")).get("engines");

        assertThat(engines.findValues("engine_id")).extracting(JsonNode::asText).contains("engine-1", "listed-1");
        JsonNode listed = null;
        for (JsonNode engine : engines) {
            if (engine.get("engine_id").asText().equals("listed-1")) {
                listed = engine;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("fault").get("mode").asText()).isEqualTo("slow");
        assertThat(listed.get("fault").get("delay_ms").asLong()).isEqualTo(10);
    }

    @Test
    void shouldRejectBadAdminRequestsWith400Json() throws Exception {
        for (String body : new String[] {
            "not json",
            "[]",
            "{}",
            "{\"mode\":\"exploded\"}",
            "{\"mode\":\"slow\",\"delay_ms\":\"soon\"}",
            "{\"mode\":\"flapping\",\"period_ms\":1}"
        }) {
            HttpResponse<String> response = put("/admin/engines/engine-9/fault", body);

            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json(response).get("error").asText()).isEqualTo("bad_request");
        }
        assertThat(put("/admin/engines/bad%20id/fault", "{\"mode\":\"down\"}").statusCode())
                .isEqualTo(400);
    }

    private static void putFault(String engine, String body) throws Exception {
        assertThat(put("/admin/engines/" + engine + "/fault", body).statusCode())
                .isEqualTo(200);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(String path, String body) throws Exception {
        return HTTP.send(
                request(path).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> delete(String engine) throws Exception {
        return HTTP.send(
                request("/admin/engines/" + engine + "/fault").DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + path))
                .timeout(Duration.ofSeconds(5));
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body());
    }
}

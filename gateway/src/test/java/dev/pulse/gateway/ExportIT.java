package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.gateway.http.ClientAddresses;
import dev.pulse.gateway.http.ExportEndpoint;
import dev.pulse.gateway.http.ExportLimits;
import dev.pulse.gateway.kafka.CatchUps;
import dev.pulse.gateway.kafka.TopicTailer;
import dev.pulse.ops.OpsRoutes;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /api/v1/export} on the real broker: both formats, the engine and stream filters, CSV formula escaping, and
 * every limit answered with a JSON error instead of a 500.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportIT {
    private static final List<String> HOSTILE_REASONS =
            List.of("=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private GatewayHarness gateway;
    private TestEvents events;
    private String engine;
    private String other;
    private Instant before;
    private Instant after;

    @BeforeAll
    void start(KafkaCluster cluster) {
        gateway = GatewayHarness.start(cluster);
        events = new TestEvents(cluster);
        engine = TestEvents.engine("export");
        other = TestEvents.engine("other");
        before = Instant.now().minusSeconds(1);
        for (long i = 1; i <= 5; i++) {
            for (StreamName stream : StreamName.values()) {
                events.send(stream, engine, i);
                events.send(stream, other, i);
            }
        }
        for (String reason : HOSTILE_REASONS) {
            events.send(
                    StreamName.ANALYTICS,
                    engine,
                    TestEvents.withoutValues(StreamName.ANALYTICS, engine, EventStatus.FALLBACK, reason));
        }
        after = Instant.now().plusSeconds(1);
    }

    @AfterAll
    void stop() {
        events.close();
        gateway.close();
    }

    @Test
    void shouldExportOneEnginesEventsOfARangeAsCsvWithAHeaderAndFormulasEscaped() throws Exception {
        HttpResponse<String> response = get(gateway.uri(exportPath("csv", "analytics,memory")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("attachment; filename=\"pulse-export-"));
        List<String> lines = Arrays.asList(response.body().split("\r\n", -1));
        assertThat(lines.getFirst())
                .startsWith("engine_id,stream,status,run,sequence,observed_at,emitted_at,age_ms,reason,")
                .contains(",active_nodes,", ",cpu_usage,", ",total_memories,")
                .doesNotContain("node_count");
        assertThat(lines.getLast()).isEmpty();
        List<String> rows = lines.subList(1, lines.size() - 1);
        assertThat(rows)
                .hasSize(5 * 2 + HOSTILE_REASONS.size())
                .allSatisfy(row -> assertThat(row).startsWith(engine + ","));
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith(engine + ",memory,LIVE,1,3,"));
        // Every hostile reason is in the file as text, never as a cell a spreadsheet would evaluate.
        assertThat(response.body())
                .contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",")
                .contains(",'+1+1,")
                .contains(",'-2+3,")
                .contains(",'@SUM(A1),")
                .contains(",'\tcmd,")
                .contains(",\"'\rcmd\",");
        assertThat(rows.stream().filter(r -> r.contains(",FALLBACK,")))
                .hasSize(HOSTILE_REASONS.size())
                .allSatisfy(row -> assertThat(row).doesNotContain(",=", ",+", ",@"));
    }

    @Test
    void shouldExportTheEventsAsTheTopicsHoldThemAsNdjson() throws Exception {
        HttpResponse<String> response = get(gateway.uri(exportPath("ndjson", "analytics,memory,graph")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<JsonNode> lines = response.body()
                .lines()
                .map(line -> {
                    try {
                        return Json.mapper().readTree(line);
                    } catch (Exception e) {
                        throw new AssertionError("not JSON: " + line, e);
                    }
                })
                .toList();
        assertThat(lines).hasSize(5 * 3 + HOSTILE_REASONS.size());
        assertThat(lines)
                .allSatisfy(
                        event -> assertThat(event.path("engine_id").asText()).isEqualTo(engine));
        assertThat(lines.stream().map(e -> e.path("reason").asText())).containsAll(HOSTILE_REASONS);
        assertThat(lines.stream().filter(e -> e.path("stream").asText().equals("graph")))
                .hasSize(5);
    }

    @Test
    void shouldExportNothingButTheHeaderForARangeWithoutEvents() throws Exception {
        Instant since = before.minus(Duration.ofHours(3));
        HttpResponse<String> response = get(gateway.uri("/api/v1/export?engine=" + engine + "&since=" + since
                + "&until=" + since.plusSeconds(60) + "&format=csv"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().split("\r\n")).hasSize(1);
    }

    static Stream<Arguments> badExports() {
        return Stream.of(
                Arguments.of("/api/v1/export", "since is required"),
                Arguments.of("/api/v1/export?since=yesterday", "bad since 'yesterday'"),
                Arguments.of(
                        "/api/v1/export?since=-999999999-01-01T00:00:00Z", "since -999999999-01-01T00:00:00Z is out"),
                Arguments.of("/api/v1/export?since=%2B999999999-12-31T23:59:59Z", "is out of range"),
                Arguments.of("/api/v1/export?since=1969-12-31T23:59:59Z", "is out of range"),
                Arguments.of(
                        "/api/v1/export?since=2026-01-01T00:00:00Z&until=-999999999-01-01T00:00:00Z",
                        "until -999999999-01-01T00:00:00Z is out of range"),
                Arguments.of(
                        "/api/v1/export?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "must be after since"),
                Arguments.of(
                        "/api/v1/export?since=2026-01-01T00:00:00Z&until=2026-01-02T00:00:01Z",
                        "longer than the limit of PT24H"),
                Arguments.of("/api/v1/export?since=2026-01-01T00:00:00Z&format=xlsx", "unknown format 'xlsx'"),
                Arguments.of("/api/v1/export?since=2026-01-01T00:00:00Z&streams=cpu", "unknown stream 'cpu'"),
                Arguments.of("/api/v1/export?since=2026-01-01T00:00:00Z&engine=no/slash", "bad engine id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badExports")
    void shouldAnswerAnExportOutsideItsLimitsWith400JsonSayingWhich(String path, String expected) throws Exception {
        assertJsonError(get(gateway.uri(path)), 400, expected);
    }

    @Test
    void shouldRefuseAnExportOfMoreRecordsThanTheLimitAndOneTooManyAtOnce(KafkaCluster cluster) throws Exception {
        // given: an endpoint with small limits on the same topics
        ExportLimits limits = new ExportLimits(Duration.ofHours(1), 40, 1);
        String bulk = TestEvents.engine("bulk");
        for (long i = 0; i < 50_000; i++) {
            events.sendAsync(StreamName.GRAPH, bulk, i, TestEvents.json(StreamName.GRAPH, bulk, i));
        }
        events.flush();
        Instant end = Instant.now().plusSeconds(1);
        KafkaSettings kafka = KafkaSettings.of(cluster.bootstrapServers());
        try (TopicTailer topics = new TopicTailer(kafka, PipelineTopics.PUBLIC)) {
            ExportEndpoint endpoint = new ExportEndpoint(
                    new CatchUps(kafka, topics.layout(), 4, 4),
                    topics.layout(),
                    Optional::empty,
                    Clock.systemUTC(),
                    limits,
                    new ClientAddresses(List.of()),
                    new SimpleMeterRegistry());
            Javalin app = Javalin.create(cfg -> {
                        OpsRoutes.installJsonErrors(cfg);
                        cfg.routes.get("/api/v1/export", endpoint::handle);
                    })
                    .start("127.0.0.1", 0);
            try {
                URI base = URI.create("http://127.0.0.1:" + app.port());
                // when: more records than the limit, over all engines of the stream
                assertJsonError(
                        get(base.resolve("/api/v1/export?streams=graph&since=" + before + "&until=" + end)),
                        400,
                        "more than the limit of 40 per export");

                // when: one export is running (its reader does not read, so it stays open) and a second comes
                ExportLimits roomy = new ExportLimits(Duration.ofHours(1), 1_000_000, 1);
                ExportEndpoint single = new ExportEndpoint(
                        new CatchUps(kafka, topics.layout(), 4, 4),
                        topics.layout(),
                        Optional::empty,
                        Clock.systemUTC(),
                        roomy,
                        new ClientAddresses(List.of()),
                        new SimpleMeterRegistry());
                Javalin second = Javalin.create(cfg -> {
                            OpsRoutes.installJsonErrors(cfg);
                            cfg.routes.get("/api/v1/export", single::handle);
                        })
                        .start("127.0.0.1", 0);
                try {
                    URI path = URI.create("http://127.0.0.1:" + second.port() + "/api/v1/export?streams=graph&since="
                            + before + "&until=" + end + "&format=ndjson");
                    HttpResponse<InputStream> running =
                            HTTP.send(HttpRequest.newBuilder(path).build(), HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream unread = running.body()) {
                        assertThat(running.statusCode()).isEqualTo(200);
                        assertJsonError(get(path), 429, "at most 1 exports run at once");
                    }
                } finally {
                    second.stop();
                }
            } finally {
                app.stop();
            }
        }
    }

    private String exportPath(String format, String streams) {
        return "/api/v1/export?engine=" + engine + "&streams=" + streams + "&since="
                + URLEncoder.encode(before.toString(), StandardCharsets.UTF_8) + "&until=" + after + "&format="
                + format;
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertJsonError(HttpResponse<String> response, int status, String expected) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode error = Json.mapper().readTree(response.body());
        assertThat(error.get("message").asText()).contains(expected);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}

package dev.pulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.sse.SseEvent;
import dev.pulse.testing.KafkaTestClient;
import dev.pulse.testing.SseTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shipped deployment, run: the images built from the Dockerfile (from the jars this build packaged, or with
 * {@code PULSE_DOCKER_TESTS=full} from source inside Docker), docker-compose.yml brought up as it is (own project name,
 * host ports from {@code pulse.deploy.port}, default 19780..19785), every health check waited for, then SSE through
 * both gateways, a gateway killed and a processor restarted under a client, and {@code down -v}. Skipped, with the
 * reason, where no Docker engine can be had or {@code PULSE_DOCKER_TESTS=0}. Every step's time is printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackIT {
    private static final Path HOME = ParentPom.HOME;
    private static final Duration UP_LIMIT = Duration.ofMinutes(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final StepTimes times = new StepTimes("compose");
    private final String token = UUID.randomUUID().toString();
    private final int basePort = Integer.getInteger("pulse.deploy.port", 19780);
    private DockerEngine engine;
    private ComposeStack stack;
    private boolean down;
    /** The client that resumed on gateway-2 after gateway-1 was killed, with what it had before on gateway-1. */
    private SseTestClient resumed;

    private final List<SseEvent> beforeKill = new ArrayList<>();

    @BeforeAll
    void buildAndStartTheStack() throws Exception {
        DockerEngine.Availability availability =
                times.time("find a Docker engine", () -> DockerEngine.find(HOME, HOME.resolve("deploy-tests/target")));
        if (availability instanceof DockerEngine.Availability.Missing missing) {
            System.out.println("[compose] skipped: " + missing.reason());
            Assumptions.abort(missing.reason());
        }
        engine = ((DockerEngine.Availability.Present) availability).engine();
        DockerImages images = times.time("base and Kafka images", () -> DockerImages.ensure(engine));
        Map<String, String> variables = new HashMap<>(images.composeVariables());
        variables.put("GATEWAY_AUTH_TOKEN", token);
        variables.put("PULSE_HOST", "127.0.0.1");
        variables.put("PULSE_GATEWAY_1_PORT", Integer.toString(basePort));
        variables.put("PULSE_GATEWAY_2_PORT", Integer.toString(basePort + 1));
        variables.put("PULSE_SIMULATOR_PORT", Integer.toString(basePort + 2));
        variables.put("PULSE_COLLECTOR_PORT", Integer.toString(basePort + 3));
        variables.put("PULSE_PROCESSOR_PORT", Integer.toString(basePort + 4));
        variables.put("PULSE_KAFKA_PORT", Integer.toString(basePort + 5));
        stack = new ComposeStack(engine, HOME, "pulse-deploy-it", variables);
        // A stack a crashed run left behind would hold the ports.
        stack.compose(Duration.ofMinutes(2), "down", "-v", "--remove-orphans");
        if (DockerTestMode.fromEnv() == DockerTestMode.FULL) {
            times.time(
                    "service images from source (compose build)", () -> stack.compose(Duration.ofMinutes(15), "build"));
        } else {
            PackagedImages packaged = new PackagedImages(HOME, HOME.resolve("deploy-tests/target/packaged-images"));
            List<PackagedImages.Service> services = PackagedImages.services(HOME.resolve("docker-compose.yml"));
            Map<String, Long> each =
                    times.time("service images from the packaged jars", () -> packaged.build(services, images.jre()));
            each.forEach((image, millis) -> System.out.printf("[compose]   %-46s %7.1f s%n", image, millis / 1000.0));
        }
        times.time("compose up -d --no-build", () -> stack.compose(UP_LIMIT, "up", "-d", "--no-build"));
        times.time(
                "every health check healthy",
                () -> await("every container healthy")
                        .atMost(UP_LIMIT)
                        .pollInterval(Duration.ofSeconds(2))
                        .until(
                                () -> stack.health(),
                                health -> health.size() == 6
                                        && health.values().stream().allMatch("healthy"::equals)));
    }

    @Test
    @Order(1)
    void shouldStreamLiveEventsOfEveryEngineThroughBothGateways() throws Exception {
        for (int port : new int[] {basePort, basePort + 1}) {
            try (SseTestClient client = SseTestClient.connect(events(port), streamHeaders(Map.of()))) {
                assertThat(client.status()).isEqualTo(200);
                times.time(
                        "LIVE events of 3 engines on port " + port,
                        () -> await().atMost(Duration.ofMinutes(2))
                                .until(() -> LiveSequences.of(client.events()).last().keySet().stream()
                                                .map(key -> key.substring(0, key.indexOf('/')))
                                                .distinct()
                                                .count()
                                        == 3));
            }
        }
    }

    @Test
    @Order(2)
    void shouldRefuseClientsWithoutTheTokenAndServeNoFaultApi() throws Exception {
        assertThat(get(URI.create("http://127.0.0.1:" + basePort + "/api/v1/snapshot"), Map.of())
                        .statusCode())
                .isEqualTo(401);
        assertThat(get(
                                URI.create("http://127.0.0.1:" + basePort + "/api/v1/snapshot"),
                                Map.of("Authorization", "Bearer " + token))
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(URI.create("http://127.0.0.1:" + (basePort + 2) + "/admin/engines"), Map.of())
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    @Order(3)
    void shouldResumeOnGateway2WithoutGapOrDuplicateWhenGateway1IsKilled() throws Exception {
        try (SseTestClient first = SseTestClient.connect(events(basePort), streamHeaders(Map.of()))) {
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> LiveSequences.of(first.events()).byKey().values().stream()
                                    .filter(list -> list.size() >= 3)
                                    .count()
                            >= 9);
            times.time("kill gateway-1", () -> stack.compose(Duration.ofMinutes(1), "kill", "gateway-1"));
            await("gateway-1's stream ended").atMost(Duration.ofSeconds(30)).until(first::ended);
            beforeKill.addAll(first.events());
        }
        String lastId = beforeKill.stream()
                .map(SseEvent::id)
                .filter(id -> id != null && !id.isEmpty())
                .reduce((a, b) -> b)
                .orElseThrow();
        Map<String, Long> lastBeforeKill = LiveSequences.of(beforeKill).last();
        resumed = times.time(
                "resume on gateway-2",
                () -> SseTestClient.connect(events(basePort + 1), streamHeaders(Map.of("Last-Event-ID", lastId))));
        assertThat(resumed.status()).isEqualTo(200);
        times.time(
                "3 new LIVE events per stream on gateway-2",
                () -> await().atMost(Duration.ofMinutes(1))
                        .until(() ->
                                advancedBy(LiveSequences.of(resumed.events()).last(), lastBeforeKill, 3)));

        assertThat(LiveSequences.of(joined()).problems())
                .as("gaps and repeats across the fail-over")
                .isEmpty();
    }

    @Test
    @Order(4)
    void shouldKeepTheStreamWholeWhenTheProcessorRestartsUnderIt() throws Exception {
        Assumptions.assumeTrue(resumed != null, "the fail-over test did not leave a client on gateway-2");
        Map<String, Long> beforeRestart = LiveSequences.of(resumed.events()).last();
        times.time("restart the processor", () -> stack.compose(Duration.ofMinutes(2), "restart", "processor"));
        times.time(
                "processor healthy again",
                () -> await().atMost(UP_LIMIT)
                        .pollInterval(Duration.ofSeconds(2))
                        .until(() -> "healthy".equals(stack.health().get("processor"))));
        times.time(
                "5 new LIVE events per stream after the restart",
                () -> await().atMost(Duration.ofMinutes(2))
                        .until(() ->
                                advancedBy(LiveSequences.of(resumed.events()).last(), beforeRestart, 5)));

        assertThat(LiveSequences.of(joined()).problems())
                .as("gaps and repeats across the processor restart")
                .isEmpty();
        assertThat(resumed.ended()).as("gateway-2 kept the stream open").isFalse();
    }

    @Test
    @Order(5)
    void shouldExposeEveryMetricTheDashboardAndTheAlertsUse() throws Exception {
        // The dead-letter counter exists once there is a dead letter: one bad record through Kafka's host listener.
        new KafkaTestClient("127.0.0.1:" + (basePort + 5))
                .send("engine.readings.raw", "engine-1", "not a reading".getBytes(StandardCharsets.UTF_8));
        Set<String> used = OpsAssets.metricNames();
        times.time(
                "every metric of ops/ on /metrics",
                () -> await().atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertThat(exposedMetrics()).containsAll(used)));
    }

    /** The metric names of the simulator, collector, processor and gateway-2 (gateway-1 was killed). */
    private Set<String> exposedMetrics() throws IOException, InterruptedException {
        Set<String> names = new TreeSet<>();
        for (int port : new int[] {basePort + 1, basePort + 2, basePort + 3, basePort + 4}) {
            HttpResponse<String> metrics = get(URI.create("http://127.0.0.1:" + port + "/metrics"), Map.of());
            assertThat(metrics.statusCode()).isEqualTo(200);
            names.addAll(OpsAssets.exposed(metrics.body()));
        }
        return names;
    }

    @Test
    @Order(6)
    void shouldAnswerAsTheOpenApiDocumentSays() throws Exception {
        OpenApiSchemas openApi = OpenApiSchemas.read();
        String gateway = "http://127.0.0.1:" + (basePort + 1);
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        record Case(String path, Map<String, String> headers, int status, String schema) {}
        List<Case> cases = List.of(
                new Case("/api/v1/snapshot", auth, 200, "Snapshot"),
                new Case("/api/v1/snapshot?engine=engine-2&streams=memory", auth, 200, "Snapshot"),
                new Case("/api/v1/snapshot", Map.of(), 401, "ApiError"),
                new Case("/api/v1/snapshot?streams=cpu", auth, 400, "ApiError"),
                new Case("/events?lastEventId=not-a-token", streamHeaders(Map.of()), 400, "ApiError"),
                new Case("/health", Map.of(), 200, "Health"),
                new Case("/ready", Map.of(), 200, "Ready"));
        times.time("gateway answers against docs/openapi.yaml", () -> {
            for (Case c : cases) {
                HttpResponse<String> answer = get(URI.create(gateway + c.path()), c.headers());
                assertThat(answer.statusCode()).as(c.path()).isEqualTo(c.status());
                assertThat(openApi.document()
                                .at("/paths/" + pathKey(c.path()) + "/get/responses/" + c.status())
                                .isMissingNode())
                        .as("%s %d is documented", c.path(), c.status())
                        .isFalse();
                assertThat(openApi.violations(c.schema(), answer.body()))
                        .as("%s: %s", c.path(), answer.body())
                        .isEmpty();
            }
        });
    }

    /** The path of a request as a JSON pointer token of the OpenAPI document's paths. */
    private static String pathKey(String pathAndQuery) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        return path.replace("~", "~0").replace("/", "~1");
    }

    @Test
    @Order(7)
    void shouldLeaveNoContainerVolumeOrNetworkBehindAfterDownV() throws Exception {
        closeClient();
        times.time("compose down -v", () -> stack.compose(Duration.ofMinutes(3), "down", "-v", "--remove-orphans"));
        down = true;
        assertThat(stack.leftovers()).isEmpty();
    }

    @AfterAll
    void stopEverything() {
        try {
            closeClient();
            if (stack != null && !down) {
                System.out.println(stack.compose(Duration.ofMinutes(1), "logs", "--tail", "40"));
                stack.compose(Duration.ofMinutes(3), "down", "-v", "--remove-orphans");
            }
        } finally {
            times.print();
            if (engine != null) {
                engine.close();
            }
        }
    }

    private void closeClient() {
        if (resumed != null) {
            resumed.close();
        }
    }

    private List<SseEvent> joined() {
        List<SseEvent> all = new ArrayList<>(beforeKill);
        all.addAll(resumed.events());
        return all;
    }

    /** Whether every key of {@code before} has moved at least {@code by} sequence numbers on. */
    private static boolean advancedBy(Map<String, Long> now, Map<String, Long> before, int by) {
        return before.entrySet().stream().allMatch(e -> now.getOrDefault(e.getKey(), 0L) >= e.getValue() + by);
    }

    private static URI events(int port) {
        return URI.create("http://127.0.0.1:" + port + "/events");
    }

    private Map<String, String> streamHeaders(Map<String, String> more) {
        Map<String, String> headers = new HashMap<>(more);
        headers.put("Accept", "text/event-stream");
        headers.put("Authorization", "Bearer " + token);
        return headers;
    }

    private static HttpResponse<String> get(URI uri, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

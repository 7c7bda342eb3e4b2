package dev.pulse.browser;

import static dev.pulse.browser.DashboardPage.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.dev.DevStack;
import dev.pulse.dev.DevStackConfig;
import dev.pulse.kafka.EmbeddedKafkaBroker;
import dev.pulse.process.Service;
import dev.pulse.process.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard against the real pipeline: an in-JVM broker, and the simulator, collector, processor and gateway each
 * as its own process from its packaged jar. The page is served by a gateway this test starts itself on a known port, so
 * it can stop and start it under the page.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    private static final String ENGINE = "engine-1";
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static DevStack stack;
    private static ServiceProcess gateway;
    private static int gatewayPort;
    private static Browser browser;
    private static DashboardPage page;

    @BeforeAll
    static void startStackAndBrowser() {
        SystemChromium.assumeAvailable(); // before the stack: a skip should cost nothing
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, EmbeddedKafkaBroker.freePort());
        }
        stack = new DevStack(
                new DevStackConfig(Pages.projectHome(), EmbeddedKafkaBroker.freePort(), ports, 2), System.out);
        stack.start();
        gatewayPort = EmbeddedKafkaBroker.freePort();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        env.put(Service.GATEWAY.portVariable(), Integer.toString(gatewayPort));
        gateway = new ServiceProcess(
                Service.GATEWAY, Pages.projectHome(), env, ServiceProcess.DEFAULT_JVM_FLAGS, System.out);
        gateway.start().awaitHealthy(gatewayPort, STARTUP);
        browser = new Browser();
        page = new DashboardPage(browser);
        browser.open("http://127.0.0.1:" + gatewayPort + "/");
        // The overview lists the fleet; the tests below watch engine-1's detail view.
        eventually(WAIT, () -> assertThat(page.engineButtons()).contains("engine-1", "engine-2"));
        browser.screenshot("stack-overview");
        page.selectEngine(ENGINE);
    }

    @AfterAll
    static void stopEverything() {
        if (browser != null) {
            browser.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void shouldPlotLivePointsOfAllThreeStreams() {
        eventually(WAIT, () -> {
            assertThat(page.connection()).isEqualTo("live");
            assertThat(page.selectedEngine()).isEqualTo(ENGINE);
            for (String stream : DashboardPage.STREAMS) {
                assertThat(page.status(stream)).as(stream).isEqualTo("LIVE");
                assertThat(page.points(stream)).as(stream).isGreaterThanOrEqualTo(5);
                assertThat(page.chartsDrawn(stream)).as(stream).isTrue();
                assertThat(page.windowRows(stream)).as(stream).isPositive();
            }
        });
        assertThat(page.value("analytics", "response_time")).endsWith(" ms");
        browser.screenshot("stack-live");
    }

    @Test
    @Order(2)
    void shouldSwitchToFallbackWithTheDataAgeWhenTheEngineIsDownAndToLiveWhenItIsBack() throws Exception {
        eventually(WAIT, () -> assertThat(page.status("analytics")).isEqualTo("LIVE"));
        try {
            assertThat(simulator("PUT", "{\"mode\":\"down\"}")).isEqualTo(200);

            eventually(WAIT, () -> {
                for (String stream : DashboardPage.STREAMS) {
                    assertThat(page.status(stream)).as(stream).isEqualTo("FALLBACK");
                    assertThat(page.dimmed(stream)).as(stream).isTrue();
                    assertThat(page.freshness(stream))
                            .as(stream)
                            .matches("updated \\d+ s ago · data \\d+ (s|min \\d+ s) old");
                }
                assertThat(page.engineAlert()).contains("Engine engine-1 is down", "last good data");
            });
            browser.screenshot("stack-fallback");
        } finally {
            simulator("DELETE", null);
        }

        eventually(WAIT, () -> {
            for (String stream : DashboardPage.STREAMS) {
                assertThat(page.status(stream)).as(stream).isEqualTo("LIVE");
                assertThat(page.dimmed(stream)).as(stream).isFalse();
            }
            assertThat(page.engineAlert()).isEmpty();
        });
        browser.screenshot("stack-recovered");
    }

    @Test
    @Order(3)
    void shouldShowDisconnectedWhileTheGatewayIsStoppedAndFillTheChartsWithoutAGapWhenItIsBack() {
        eventually(WAIT, () -> {
            assertThat(page.connection()).isEqualTo("live");
            assertThat(page.status("analytics")).isEqualTo("LIVE");
        });
        long before = last(page.pointTimes(ENGINE, "analytics"));

        gateway.stop(Duration.ofSeconds(15));
        eventually(WAIT, () -> {
            assertThat(page.connection()).isEqualTo("disconnected");
            assertThat(page.connectionText()).contains("Disconnected");
            assertThat(page.dimmed("analytics")).isTrue();
        });
        browser.screenshot("stack-disconnected");
        long restarted = Instant.now().toEpochMilli();
        gateway.start().awaitHealthy(gatewayPort, STARTUP);

        eventually(WAIT, () -> {
            assertThat(page.connection()).isEqualTo("live");
            assertThat(last(page.pointTimes(ENGINE, "analytics"))).isGreaterThan(restarted);
        });
        List<Long> times = page.pointTimes(ENGINE, "analytics").stream()
                .filter(t -> t >= before)
                .toList();
        long largestStep = 0;
        for (int i = 1; i < times.size(); i++) {
            largestStep = Math.max(largestStep, times.get(i) - times.get(i - 1));
        }
        assertThat(largestStep)
                .as("readings 1 s apart, also across the outage of %d ms", restarted - before)
                .isLessThan(3_000);
        assertThat(page.connectionText()).contains("Live");
        browser.screenshot("stack-resumed");
    }

    @Test
    @Order(4)
    void shouldExportTheLastHourFromTheGatewaysExportWhenThePageHoldsLess() throws Exception {
        eventually(WAIT, () -> assertThat(page.status("analytics")).isEqualTo("LIVE"));

        new Select(browser.driver().findElement(By.id("export-range"))).selectByValue("60");
        page.exportCsv();

        eventually(
                WAIT,
                () -> assertThat(browser.downloads())
                        .anySatisfy(p -> assertThat(p.toString()).endsWith(".csv")));
        Path csv = browser.downloads().stream()
                .filter(p -> p.toString().endsWith(".csv"))
                .findFirst()
                .orElseThrow();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.getFirst())
                .startsWith("engine_id,stream,status,run,sequence,observed_at,emitted_at,age_ms,reason,")
                .contains("cpu_usage", "total_memories", "node_count");
        assertThat(lines.subList(1, lines.size()))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith(ENGINE + ","));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith(ENGINE + ",graph,LIVE,"));
    }

    private static long last(List<Long> times) {
        return times.isEmpty() ? 0 : times.getLast();
    }

    private static int simulator(String method, String body) throws Exception {
        URI uri =
                URI.create("http://127.0.0.1:" + stack.port(Service.SIMULATOR) + "/admin/engines/" + ENGINE + "/fault");
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json");
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}

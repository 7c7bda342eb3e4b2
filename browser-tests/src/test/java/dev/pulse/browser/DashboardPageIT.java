package dev.pulse.browser;

import static dev.pulse.browser.DashboardPage.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard page in a real headless Chromium, fed by a scripted stream ({@link StubGateway}), so each state
 * (fallback, drop, outage, several engines) can be produced at once and exactly.
 */
class DashboardPageIT extends StubPageTest {
    @Test
    void shouldShowValuesWithUnitsChartsAndWindowStatisticsForEveryStream() {
        publishLive("engine-1", 0, 30);

        page.openEngine(gateway.url(), "engine-1");

        eventually(WAIT, () -> {
            assertThat(page.connection()).isEqualTo("live");
            for (String stream : DashboardPage.STREAMS) {
                assertThat(page.status(stream)).as(stream).isEqualTo("LIVE");
                assertThat(page.points(stream)).as(stream).isEqualTo(30);
                assertThat(page.chartsDrawn(stream)).as(stream).isTrue();
                assertThat(page.windowRows(stream)).as(stream).isPositive();
                assertThat(page.dimmed(stream)).as(stream).isFalse();
            }
        });
        assertThat(page.value("analytics", "query_rate")).endsWith(" q/s");
        assertThat(page.value("analytics", "response_time")).endsWith(" ms");
        assertThat(page.value("analytics", "cache_hit_rate")).endsWith(" %");
        assertThat(page.value("memory", "storage_bytes")).endsWith(" GiB");
        assertThat(page.freshness("analytics")).matches("updated \\d+ (s|min \\d+ s) ago");
        assertThat(page.connectionText()).contains("Live");
        assertThat(browser.<String>script("return typeof uPlot;")).isEqualTo("function");
        browser.screenshot("page-live");
    }

    @Test
    void shouldDimTheStreamsAndSayWhyWhenTheEngineIsDownThenRecover() {
        publishLive("engine-1", 0, 20);
        page.openEngine(gateway.url(), "engine-1");
        eventually(WAIT, () -> assertThat(page.status("graph")).isEqualTo("LIVE"));

        Instant lastGood = start.plusSeconds(19);
        for (String stream : DashboardPage.STREAMS) {
            gateway.publish(
                    stream,
                    StubEvents.fallback(
                            "engine-1", stream, lastGood, Instant.now(), "engine DOWN: connection refused"));
        }

        eventually(WAIT, () -> {
            for (String stream : DashboardPage.STREAMS) {
                assertThat(page.status(stream)).as(stream).isEqualTo("FALLBACK");
                assertThat(page.dimmed(stream)).as(stream).isTrue();
                assertThat(page.freshness(stream)).as(stream).matches("updated \\d+ s ago · data \\d+ s old");
            }
            assertThat(page.engineAlert())
                    .contains("Engine engine-1 is down", "engine DOWN: connection refused", "last good data");
        });
        assertThat(page.points("analytics"))
                .as("fallback events repeat the last good point")
                .isEqualTo(20);
        browser.screenshot("page-fallback");

        for (String stream : DashboardPage.STREAMS) {
            gateway.publish(stream, StubEvents.live("engine-1", stream, Instant.now(), 60));
        }
        eventually(WAIT, () -> {
            assertThat(page.status("analytics")).isEqualTo("LIVE");
            assertThat(page.dimmed("analytics")).isFalse();
            assertThat(page.engineAlert()).isEmpty();
        });
    }

    @Test
    void shouldSayNoDataYetWithTheReasonForAnEngineThatNeverReportedThenShowItsFirstData() {
        // given: an engine that has never produced a valid reading, and one that has
        publishLive("engine-1", 0, 5);
        for (String stream : DashboardPage.STREAMS) {
            gateway.publish(
                    stream, StubEvents.noData("engine-0", stream, Instant.now(), "engine DOWN: connection refused"));
        }

        // when
        browser.open(gateway.url());
        eventually(WAIT, () -> assertThat(page.engineButtons()).containsExactly("engine-0", "engine-1"));
        page.selectEngine("engine-0");

        // then: FALLBACK, marked as no data yet with the reason, no values and empty charts
        eventually(WAIT, () -> {
            for (String stream : DashboardPage.STREAMS) {
                assertThat(page.status(stream)).as(stream).isEqualTo("FALLBACK");
                assertThat(page.noData(stream)).as(stream).isTrue();
                assertThat(page.reason(stream)).as(stream).isEqualTo("No data yet: engine DOWN: connection refused");
                assertThat(page.freshness(stream)).as(stream).matches("updated \\d+ s ago · no data yet");
                assertThat(page.points(stream)).as(stream).isZero();
                assertThat(page.dimmed(stream)).as(stream).isTrue();
            }
            assertThat(page.value("analytics", "query_rate")).isEqualTo("–");
            assertThat(page.engineAlert())
                    .contains("Engine engine-0: no data yet", "engine DOWN: connection refused")
                    .doesNotContain("last good data");
        });
        browser.screenshot("page-no-data-yet");

        // and when its first reading arrives, it is an ordinary live engine
        for (String stream : DashboardPage.STREAMS) {
            gateway.publish(stream, StubEvents.live("engine-0", stream, Instant.now(), 1));
        }
        eventually(WAIT, () -> {
            assertThat(page.status("graph")).isEqualTo("LIVE");
            assertThat(page.noData("graph")).isFalse();
            assertThat(page.points("graph")).isEqualTo(1);
            assertThat(page.engineAlert()).isEmpty();
        });
    }

    @Test
    void shouldRemoveARetiredEngineFromTheListAndTheSelection() {
        // given: three engines, the user watching the second
        publishLive("engine-1", 0, 5);
        publishLive("engine-2", 0, 5);
        publishLive("engine-3", 0, 5);
        browser.open(gateway.url());
        eventually(WAIT, () -> assertThat(page.engineButtons()).containsExactly("engine-1", "engine-2", "engine-3"));
        page.selectEngine("engine-2");
        eventually(WAIT, () -> assertThat(page.selectedEngine()).isEqualTo("engine-2"));

        // when: it retires (its RETIRED events, then the gateway's retired events for the tombstones)
        for (String stream : DashboardPage.STREAMS) {
            gateway.publish(stream, StubEvents.retired("engine-2", stream, Instant.now()));
            gateway.publish("retired", StubEvents.tombstone("engine-2", stream));
        }

        // then: it leaves the fleet, and the page goes back to the overview, saying why
        eventually(WAIT, () -> {
            assertThat(page.view()).isEqualTo("overview");
            assertThat(page.engineButtons()).containsExactly("engine-1", "engine-3");
            assertThat(page.knownEngines()).containsExactly("engine-1", "engine-3");
            assertThat(browser.driver().findElement(By.id("notice")).getText()).contains("engine engine-2 was retired");
        });
        browser.screenshot("page-after-retirement");

        // when: another is retired by tombstones alone (its RETIRED events compacted away)
        for (String stream : DashboardPage.STREAMS) {
            gateway.publish("retired", StubEvents.tombstone("engine-3", stream));
        }

        // then: it is gone too, and the page stays live
        eventually(WAIT, () -> {
            assertThat(page.knownEngines()).containsExactly("engine-1");
            assertThat(page.engineButtons()).containsExactly("engine-1");
            assertThat(page.connection()).isEqualTo("live");
        });
    }

    @Test
    void shouldResumeAfterTheLastEventReceivedWhenTheConnectionDrops() {
        publishLive("engine-1", 0, 20);
        page.openEngine(gateway.url(), "engine-1");
        eventually(WAIT, () -> assertThat(page.points("graph")).isEqualTo(20));
        String lastId = "t" + (20 * 3 - 1);

        gateway.down(true);
        eventually(WAIT, () -> assertThat(page.connection()).isEqualTo("reconnecting"));
        publishLive("engine-1", 20, 10); // missed while the gateway is unreachable
        gateway.down(false);

        eventually(WAIT, () -> {
            assertThat(page.connection()).isEqualTo("live");
            assertThat(page.points("graph")).isEqualTo(30);
        });
        List<URI> requests = gateway.eventRequests();
        assertThat(requests.getFirst().getQuery()).contains("since=").doesNotContain("lastEventId");
        assertThat(requests.subList(1, requests.size()))
                .allSatisfy(uri -> assertThat(uri.getQuery()).contains("lastEventId=" + lastId));
        List<Long> times = page.pointTimes("engine-1", "graph");
        assertThat(times)
                .as("one point per second, none missing, none twice")
                .hasSize(30)
                .isEqualTo(LongStream.range(0, 30)
                        .mapToObj(i -> start.plusSeconds(i).toEpochMilli())
                        .toList());
    }

    @Test
    void shouldReplayFromTheLastEventTimeWhenTheGatewayRefusesTheResumeToken() {
        publishLive("engine-1", 0, 10);
        page.openEngine(gateway.url(), "engine-1");
        eventually(WAIT, () -> assertThat(page.points("graph")).isEqualTo(10));

        gateway.rejectTokens(true);
        gateway.dropConnections();

        eventually(WAIT, () -> {
            assertThat(page.connection()).isEqualTo("live");
            assertThat(gateway.eventRequests().getLast().getQuery())
                    .contains("since=")
                    .doesNotContain("lastEventId");
            assertThat(browser.driver().findElement(By.id("notice")).getText())
                    .contains("resume refused", "malformed lastEventId");
        });
        publishLive("engine-1", 10, 1);
        eventually(WAIT, () -> assertThat(page.points("graph")).isEqualTo(11));
    }

    @Test
    void shouldShowDisconnectedAndDimEverythingWhileTheGatewayIsUnreachable() {
        publishLive("engine-1", 0, 20);
        page.openEngine(gateway.url(), "engine-1");
        eventually(WAIT, () -> assertThat(page.connection()).isEqualTo("live"));

        gateway.down(true);

        eventually(WAIT, () -> {
            assertThat(page.connection()).isEqualTo("disconnected");
            assertThat(page.connectionText()).contains("Disconnected", "retrying");
            assertThat(page.dimmed("analytics")).isTrue();
        });
        browser.screenshot("page-disconnected");
        gateway.down(false);
        eventually(WAIT, () -> assertThat(page.connection()).isEqualTo("live"));
    }

    @Test
    void shouldExportTheDataInViewAsCsvAndJson() throws Exception {
        publishLive("engine-1", 0, 12);
        page.openEngine(gateway.url(), "engine-1");
        eventually(WAIT, () -> assertThat(page.points("memory")).isEqualTo(12));

        page.exportCsv();
        page.exportJson();

        eventually(WAIT, () -> assertThat(browser.downloads()).hasSize(2));
        Path csv = browser.downloads().stream()
                .filter(p -> p.toString().endsWith(".csv"))
                .findFirst()
                .orElseThrow();
        Path json = browser.downloads().stream()
                .filter(p -> p.toString().endsWith(".json"))
                .findFirst()
                .orElseThrow();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.getFirst()).startsWith("engine_id,stream,observed_at,query_rate,");
        assertThat(lines).hasSize(1 + 3 * 12);
        assertThat(lines.get(1))
                .startsWith("engine-1,analytics," + start.toString().replace("Z", ".000Z") + ",");
        JsonNode exported = Json.mapper().readTree(json.toFile());
        assertThat(exported.path("engine_id").asText()).isEqualTo("engine-1");
        assertThat(exported.path("streams").path("graph").path("points")).hasSize(12);
        assertThat(exported.path("streams")
                        .path("analytics")
                        .path("latest")
                        .path("status")
                        .asText())
                .isEqualTo("LIVE");
    }

    @Test
    void shouldLetTheUserPickAnEngineAndHideAStream() {
        publishLive("engine-1", 0, 5);
        publishLive("engine-2", 0, 8);
        browser.open(gateway.url());
        eventually(WAIT, () -> assertThat(page.engineButtons()).containsExactly("engine-1", "engine-2"));

        page.selectEngine("engine-2");
        page.toggleStream("memory");

        eventually(WAIT, () -> {
            assertThat(page.selectedEngine()).isEqualTo("engine-2");
            assertThat(page.points("graph")).isEqualTo(8);
            assertThat(page.panel("memory").isDisplayed()).isFalse();
            assertThat(page.panel("graph").isDisplayed()).isTrue();
        });
        page.toggleStream("memory");
    }

    @Test
    void shouldFitAPhoneScreenInTheDarkTheme() {
        publishLive("engine-1", 0, 30);
        browser.prefersColorScheme("dark");
        browser.size(390, 844);

        page.openEngine(gateway.url(), "engine-1");

        eventually(WAIT, () -> assertThat(page.chartsDrawn("graph")).isTrue());
        long overflow =
                browser.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).as("no sideways scrolling on a phone").isLessThanOrEqualTo(0);
        String background = browser.script("return getComputedStyle(document.body).backgroundColor;");
        assertThat(background).isEqualTo("rgb(15, 19, 25)");
        browser.screenshot("page-phone-dark");
    }

    @Test
    void shouldShowTheGatewaysNotices() {
        publishLive("engine-1", 0, 3);
        page.openEngine(gateway.url(), "engine-1");
        eventually(WAIT, () -> assertThat(page.connection()).isEqualTo("live"));

        gateway.notice("{\"message\":\"client too slow: buffer full\"}");

        eventually(
                WAIT,
                () -> assertThat(browser.driver().findElement(By.id("notice")).getText())
                        .contains("client too slow: buffer full"));
        assertThat(page.connection()).isEqualTo("live");
    }

    @Test
    void shouldSayWhyDataStopsWhileKafkaRefusesWritesUntilItIsOkAgain() {
        publishLive("engine-1", 0, 3);
        page.openEngine(gateway.url(), "engine-1");
        eventually(WAIT, () -> assertThat(page.connection()).isEqualTo("live"));
        WebElement banner = browser.driver().findElement(By.id("kafka-status"));
        assertThat(banner.isDisplayed())
                .as("Kafka banner while nothing was said")
                .isFalse();

        gateway.notice(
                "kafka",
                "{\"state\":\"writes_refused\",\"brokers\":3,\"unreachable_brokers\":[2,3],\"partitions\":9,"
                        + "\"partitions_refusing_writes\":9,\"since\":\"2026-12-02T18:00:00Z\","
                        + "\"message\":\"Kafka: 2 of 3 brokers unreachable (id 2, 3): Kafka refuses new data\"}");

        eventually(WAIT, () -> {
            assertThat(banner.isDisplayed()).isTrue();
            assertThat(banner.getText()).contains("Kafka: 2 of 3 brokers unreachable", "refuses new data");
            assertThat(banner.getAttribute("data-state")).isEqualTo("writes_refused");
        });
        browser.screenshot("page-kafka-writes-refused");
        assertThat(page.connection()).as("the stream itself stays up").isEqualTo("live");

        gateway.notice("kafka", "{\"state\":\"ok\",\"brokers\":3,\"message\":\"Kafka: all 3 brokers reachable\"}");

        eventually(WAIT, () -> assertThat(banner.isDisplayed()).isFalse());
    }

    /** One reading per second per stream, from {@code start + from} seconds on. */
    private void publishLive(String engine, int from, int count) {
        for (int i = from; i < from + count; i++) {
            for (String stream : DashboardPage.STREAMS) {
                gateway.publish(stream, StubEvents.live(engine, stream, start.plusSeconds(i), i));
            }
        }
    }
}

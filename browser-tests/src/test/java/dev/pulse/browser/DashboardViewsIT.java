package dev.pulse.browser;

import static dev.pulse.browser.DashboardPage.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The fleet overview and the views built on it in a real Chromium fed by {@link StubGateway}: the URL round trip
 * (back/forward, a copied URL in a fresh browser), pause and zoom, a stale engine, a threshold alert, compare, and the
 * server-side export for a range longer than the page holds.
 */
class DashboardViewsIT extends StubPageTest {
    @Test
    void shouldListEnginesWorstFirstAndFilterSortAndSearchThem() {
        publishLive("engine-1", 0, 5);
        publishLive("engine-2", 0, 5);
        publishLive("engine-3", 0, 5);
        for (String stream : DashboardPage.STREAMS) {
            gateway.publish(stream, StubEvents.stale("engine-3", stream, start.plusSeconds(4), Instant.now()));
            gateway.publish(stream, StubEvents.noData("engine-9", stream, Instant.now(), "engine DOWN: refused"));
        }

        browser.open(gateway.url());

        eventually(WAIT, () -> {
            assertThat(page.engineButtons()).containsExactly("engine-9", "engine-3", "engine-1", "engine-2");
            assertThat(page.rowRank("engine-9")).isEqualTo("nodata");
            assertThat(page.rowRank("engine-3")).isEqualTo("stale");
            assertThat(page.rowText("engine-3")).contains("STALE");
            assertThat(page.rowRank("engine-1")).isEqualTo("live");
        });
        browser.screenshot("overview-states");

        browser.driver()
                .findElement(By.cssSelector("button.sort[data-sort='engine']"))
                .click();
        eventually(
                WAIT,
                () -> assertThat(page.engineButtons()).containsExactly("engine-1", "engine-2", "engine-3", "engine-9"));
        browser.driver()
                .findElement(By.cssSelector("#status-filters input[value='live']"))
                .click();
        eventually(WAIT, () -> assertThat(page.engineButtons()).containsExactly("engine-3", "engine-9"));
        browser.driver().findElement(By.id("fleet-search")).sendKeys("9");
        eventually(WAIT, () -> assertThat(page.engineButtons()).containsExactly("engine-9"));
        assertThat(page.url()).contains("q=9", "sort=engine", "status=nodata,fallback,stale,alert");
    }

    @Test
    void shouldKeepTheWholeViewInTheUrlMoveBackAndForwardAndOpenACopiedUrlAsTheSameView() {
        publishLive("engine-1", 0, 20);
        publishLive("engine-2", 0, 20);
        browser.open(gateway.url());
        eventually(WAIT, () -> assertThat(page.engineButtons()).containsExactly("engine-1", "engine-2"));

        // the user sorts the overview, opens an engine, hides a stream and a field, widens the window, pauses
        browser.driver()
                .findElement(By.cssSelector("button.sort[data-sort='engine']"))
                .click();
        browser.driver()
                .findElement(By.cssSelector("button.sort[data-sort='engine']"))
                .click();
        eventually(WAIT, () -> assertThat(page.engineButtons()).containsExactly("engine-2", "engine-1"));
        String overviewUrl = page.url();
        page.selectEngine("engine-2");
        eventually(WAIT, () -> assertThat(page.points("graph")).isEqualTo(20));
        page.toggleStream("memory");
        WebElement picker = page.panel("analytics").findElement(By.className("field-picker"));
        picker.findElement(By.tagName("summary")).click();
        picker.findElement(By.cssSelector("input[value='analytics.query_rate']"))
                .click();
        new Select(browser.driver().findElement(By.id("history-window"))).selectByValue("15");
        browser.driver().findElement(By.id("pause")).click();
        eventually(WAIT, () -> assertThat(page.url()).contains("paused="));
        String detailUrl = page.url();
        assertThat(URI.create(detailUrl).getFragment())
                .contains(
                        "view=engine",
                        "engine=engine-2",
                        "streams=analytics,graph",
                        "hidden=analytics.query_rate",
                        "window=15");

        // back: the view before the pause, then the overview as it was sorted
        browser.driver().navigate().back();
        eventually(WAIT, () -> {
            assertThat(page.url()).doesNotContain("paused=").contains("window=15");
            assertThat(browser.driver().findElement(By.id("paused-info")).isDisplayed())
                    .isFalse();
        });
        browser.driver().navigate().back(); // window
        browser.driver().navigate().back(); // field
        browser.driver().navigate().back(); // stream
        browser.driver().navigate().back(); // engine
        eventually(WAIT, () -> {
            assertThat(page.view()).isEqualTo("overview");
            assertThat(page.url()).isEqualTo(overviewUrl);
            assertThat(page.engineButtons()).containsExactly("engine-2", "engine-1");
        });
        browser.driver().navigate().forward();
        eventually(WAIT, () -> assertThat(page.selectedEngine()).isEqualTo("engine-2"));

        // a fresh browser (no history, no localStorage) opening the copied URL shows the same view
        try (Browser fresh = new Browser()) {
            DashboardPage other = new DashboardPage(fresh);
            fresh.open(detailUrl);
            eventually(WAIT, () -> {
                assertThat(other.view()).isEqualTo("engine");
                assertThat(other.selectedEngine()).isEqualTo("engine-2");
                assertThat(other.panel("memory").isDisplayed()).isFalse();
                assertThat(other.panel("graph").isDisplayed()).isTrue();
                assertThat(other.panel("analytics")
                                .findElement(By.cssSelector(".value[data-field='query_rate']"))
                                .isDisplayed())
                        .isFalse();
                assertThat(new Select(fresh.driver().findElement(By.id("history-window")))
                                .getFirstSelectedOption()
                                .getText())
                        .isEqualTo("15 min");
                assertThat(fresh.driver().findElement(By.id("paused-info")).getText())
                        .startsWith("Paused at");
                assertThat(other.url()).isEqualTo(detailUrl);
            });
            fresh.screenshot("url-round-trip");
            assertThat(fresh.errors()).isEmpty();
        }
    }

    @Test
    void shouldKeepOnlyTheThemeInLocalStorageAndNotInTheUrl() {
        publishLive("engine-1", 0, 5);
        page.openEngine(gateway.url(), "engine-1");
        eventually(WAIT, () -> assertThat(page.points("graph")).isEqualTo(5));
        String url = page.url();

        browser.driver().findElement(By.id("theme")).click(); // auto -> light
        browser.driver().findElement(By.id("theme")).click(); // light -> dark

        assertThat(page.url()).isEqualTo(url);
        List<String> keys = browser.script("return Object.keys(localStorage);");
        assertThat(keys).containsExactly("pulse.theme");
        browser.driver().navigate().refresh();
        eventually(WAIT, () -> {
            assertThat(browser.<String>script("return getComputedStyle(document.body).backgroundColor;"))
                    .isEqualTo("rgb(15, 19, 25)");
            assertThat(page.selectedEngine()).isEqualTo("engine-1");
        });
        browser.driver().findElement(By.id("theme")).click(); // dark -> auto, for the other tests
        assertThat(browser.<String>script("return localStorage.getItem('pulse.theme');"))
                .isEqualTo("auto");
    }

    @Test
    void shouldFreezeWhilePausedCountingWhatIsNewAndZoomToADraggedRange() {
        publishLive("engine-1", 0, 30);
        page.openEngine(gateway.url(), "engine-1");
        eventually(WAIT, () -> assertThat(page.points("analytics")).isEqualTo(30));

        browser.driver().findElement(By.id("pause")).click();
        publishLive("engine-1", 30, 5);

        eventually(
                WAIT,
                () -> assertThat(browser.driver()
                                .findElement(By.id("paused-info"))
                                .getText())
                        .matches("Paused at \\d\\d:\\d\\d:\\d\\d · 15 new events"));
        assertThat(page.points("analytics")).as("the view stays as it was").isEqualTo(30);
        browser.screenshot("page-paused");
        browser.driver().findElement(By.id("pause")).click();
        eventually(WAIT, () -> assertThat(page.points("analytics")).isEqualTo(35));

        // drag across the middle of the first chart
        WebElement over = page.panel("analytics").findElement(By.cssSelector(".plot .u-over"));
        int width = over.getSize().getWidth();
        new Actions(browser.driver())
                .moveToElement(over, -width / 4, 0)
                .clickAndHold()
                .moveByOffset(width / 2, 0)
                .release()
                .perform();

        eventually(WAIT, () -> {
            assertThat(page.url()).contains("from=", "to=");
            assertThat(page.panel("graph").findElement(By.className("plot")).getDomAttribute("data-range"))
                    .isNotEmpty();
            assertThat(browser.driver().findElement(By.id("reset-zoom")).isDisplayed())
                    .isTrue();
        });
        String range = page.panel("analytics").findElement(By.className("plot")).getDomAttribute("data-range");
        long from = Long.parseLong(range.split("-")[0]);
        long to = Long.parseLong(range.split("-")[1]);
        assertThat(from).isGreaterThan(start.toEpochMilli());
        assertThat(to).isLessThan(start.plusSeconds(35).toEpochMilli()).isGreaterThan(from);
        browser.screenshot("page-zoomed");

        browser.driver().findElement(By.id("reset-zoom")).click();
        eventually(WAIT, () -> {
            assertThat(page.url()).doesNotContain("from=");
            assertThat(page.panel("analytics").findElement(By.className("plot")).getDomAttribute("data-range"))
                    .isEmpty();
        });
    }

    @Test
    void shouldMarkABreachingEngineListItsAlertAndDrawTheBoundOnItsChart() {
        publishLive("engine-1", 0, 20);
        publishLive("engine-2", 0, 20);
        Map<String, Object> cpu =
                StubEvents.activeAlert("engine-2", "analytics", "cpu_usage", "critical", ">", 40, 44.5);
        gateway.alerts(List.of(cpu));

        browser.open(gateway.url());

        eventually(WAIT, () -> {
            assertThat(page.engineButtons()).containsExactly("engine-2", "engine-1");
            assertThat(page.rowRank("engine-2")).isEqualTo("alert");
            assertThat(page.rowText("engine-2")).contains("1 critical");
            assertThat(alertsCount()).isEqualTo("(1)");
        });
        browser.driver().findElement(By.cssSelector("#alerts-panel summary")).click();
        assertThat(browser.driver().findElement(By.id("active-alerts")).getText())
                .contains("CRITICAL", "engine-2", "analytics CPU: 44.5 % > 40.0 %");
        browser.screenshot("overview-alert");

        page.selectEngine("engine-2");
        eventually(WAIT, () -> {
            assertThat(browser.driver().findElement(By.id("engine-alerts")).getText())
                    .contains("CRITICAL", "CPU: 44.5 % > 40.0 %");
            WebElement cpuChart =
                    page.panel("analytics").findElements(By.className("plot")).get(2);
            assertThat(cpuChart.getDomAttribute("data-bounds")).isEqualTo("1");
        });
        browser.screenshot("page-alert");

        // the clear arrives on the open stream: the engine's active set is now empty
        gateway.alertTransition(StubEvents.transition(cpu, "clear", "critical", List.of()));
        eventually(
                WAIT,
                () -> assertThat(browser.driver()
                                .findElement(By.id("engine-alerts"))
                                .isDisplayed())
                        .isFalse());
        assertThat(gateway.alertRequests()).as("no polling of /api/v1/alerts").isEmpty();
    }

    @Test
    void shouldFollowAlertTransitionsAndTakeTheActiveSetAfreshOnEveryReconnect() {
        publishLive("engine-1", 0, 5);
        publishLive("engine-2", 0, 5);
        publishLive("engine-3", 0, 5);
        Map<String, Object> cpu = StubEvents.activeAlert("engine-2", "analytics", "cpu_usage", "warning", ">", 40, 41);
        gateway.alerts(List.of(cpu));
        browser.open(gateway.url());
        eventually(WAIT, () -> {
            assertThat(page.rowRank("engine-2")).isEqualTo("alert");
            assertThat(alertsCount()).isEqualTo("(1)");
        });

        // a breach on the open stream: engine-3 joins the alerts, engine-2's stays
        Map<String, Object> hits = StubEvents.activeAlert("engine-3", "memory", "hit_ratio", "critical", "<", 0.5, 0.4);
        gateway.alertTransition(StubEvents.transition(hits, "breach", "ok", List.of(hits)));
        eventually(WAIT, () -> {
            assertThat(page.engineButtons()).containsExactly("engine-2", "engine-3", "engine-1");
            assertThat(page.rowText("engine-3")).contains("1 critical");
            assertThat(alertsCount()).isEqualTo("(2)");
        });

        // engine-2's alert clears while the page is away: the set sent on reconnect replaces what it had
        gateway.alerts(List.of(hits));
        int connects = gateway.eventRequests().size();
        gateway.dropConnections();
        eventually(WAIT, () -> {
            assertThat(gateway.eventRequests()).hasSizeGreaterThan(connects);
            assertThat(page.connection()).isEqualTo("live");
            assertThat(alertsCount()).isEqualTo("(1)");
            assertThat(page.rowRank("engine-2")).isEqualTo("live");
            assertThat(page.rowRank("engine-3")).isEqualTo("alert");
        });
        assertThat(gateway.eventRequests().getLast().getQuery()).contains("lastEventId=", "alerts");

        // an engine's view asks for its engine's alerts only: they replace that engine's part, the others' stay
        Map<String, Object> memory1 =
                StubEvents.activeAlert("engine-1", "memory", "hit_ratio", "warning", "<", 0.95, 0.9);
        gateway.alertTransition(StubEvents.transition(memory1, "breach", "ok", List.of(memory1)));
        eventually(WAIT, () -> assertThat(alertsCount()).isEqualTo("(2)"));
        Map<String, Object> cpu3 = StubEvents.activeAlert("engine-3", "analytics", "cpu_usage", "warning", ">", 40, 42);
        gateway.alerts(List.of(memory1, hits, cpu3));
        page.selectEngine("engine-3");
        eventually(WAIT, () -> {
            assertThat(gateway.eventRequests().getLast().getQuery()).contains("engine=engine-3", "alerts");
            assertThat(browser.driver().findElement(By.id("engine-alerts")).getText())
                    .contains("CRITICAL", "WARNING", "CPU: 42.0 % > 40.0 %");
            assertThat(activeAlertEngines()).containsExactly("engine-3", "engine-1", "engine-3");
        });

        // engine-1's alert clears while the overview is away: back on it, the whole set is taken afresh
        gateway.alerts(List.of(hits, cpu3));
        browser.driver().navigate().back();
        eventually(WAIT, () -> {
            assertThat(page.view()).isEqualTo("overview");
            assertThat(alertsCount()).isEqualTo("(2)");
            assertThat(activeAlertEngines()).containsExactly("engine-3", "engine-3");
            assertThat(page.rowRank("engine-1")).isEqualTo("live");
        });
        assertThat(gateway.alertRequests()).as("no polling of /api/v1/alerts").isEmpty();
    }

    private List<String> activeAlertEngines() {
        List<String> engines = browser.script("return window.pulseDashboard.alerts.active.map((a) => a.engine_id);");
        return List.copyOf(engines);
    }

    private String alertsCount() {
        return browser.driver().findElement(By.id("alerts-count")).getText();
    }

    @Test
    void shouldOverlayOneFieldOfTheChosenEnginesInOneChart() {
        publishLive("engine-1", 0, 30);
        publishLive("engine-2", 0, 30);
        for (int i = 0; i < 30; i++) { // another phase, so the two lines differ
            for (String stream : DashboardPage.STREAMS) {
                gateway.publish(stream, StubEvents.live("engine-3", stream, start.plusSeconds(i), i + 12));
            }
        }
        browser.open(gateway.url());
        eventually(WAIT, () -> assertThat(page.engineButtons()).hasSize(3));

        page.row("engine-1").findElement(By.className("pick")).click();
        page.row("engine-3").findElement(By.className("pick")).click();
        browser.driver().findElement(By.id("compare-open")).click();

        eventually(WAIT, () -> {
            assertThat(page.view()).isEqualTo("compare");
            WebElement plot = browser.driver().findElement(By.id("compare-plot"));
            assertThat(plot.getDomAttribute("data-series")).isEqualTo("2");
            assertThat(plot.findElements(By.tagName("canvas"))).isNotEmpty();
        });
        new Select(browser.driver().findElement(By.id("compare-field"))).selectByValue("memory.hit_ratio");
        eventually(WAIT, () -> {
            assertThat(page.url()).contains("engines=engine-1,engine-3", "field=memory.hit_ratio");
            assertThat(browser.driver().findElement(By.id("compare-title")).getText())
                    .isEqualTo("Hit ratio of 2 engines");
            assertThat(browser.driver().findElement(By.id("compare-plot")).getDomAttribute("data-series"))
                    .isEqualTo("2");
        });
        browser.screenshot("page-compare");
    }

    @Test
    void shouldExportFromTheGatewayWhenTheRangeIsLongerThanWhatThePageHolds() {
        publishLive("engine-1", 0, 30); // replayed from 5 min ago; a day asked for
        page.openEngine(gateway.url(), "engine-1");
        eventually(WAIT, () -> assertThat(page.points("analytics")).isEqualTo(30));

        new Select(browser.driver().findElement(By.id("export-range"))).selectByValue("1440");
        page.exportCsv();

        eventually(WAIT, () -> assertThat(gateway.exportRequests()).hasSize(1));
        String query = gateway.exportRequests().getFirst().getQuery();
        assertThat(query)
                .contains("engine=engine-1", "streams=analytics,memory,graph", "format=csv", "since=", "until=");
        Instant since = Instant.parse(query.replaceAll(".*since=([^&]+).*", "$1"));
        Instant until = Instant.parse(query.replaceAll(".*until=([^&]+).*", "$1"));
        assertThat(Duration.between(since, until)).isEqualTo(Duration.ofHours(24));
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

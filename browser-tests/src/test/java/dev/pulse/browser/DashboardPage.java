package dev.pulse.browser;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.awaitility.core.ThrowingRunnable;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The dashboard as the tests see it: the state it exposes on DOM attributes, and its controls. */
final class DashboardPage {
    static final List<String> STREAMS = List.of("analytics", "memory", "graph");

    private final Browser browser;

    DashboardPage(Browser browser) {
        this.browser = browser;
    }

    /** live | reconnecting | disconnected | connecting (on {@code body[data-connection]}). */
    String connection() {
        return body().getDomAttribute("data-connection");
    }

    String connectionText() {
        return browser.driver().findElement(By.id("connection")).getText();
    }

    String selectedEngine() {
        return body().getDomAttribute("data-engine");
    }

    WebElement panel(String stream) {
        return browser.driver().findElement(By.cssSelector("section.panel[data-stream='" + stream + "']"));
    }

    /** LIVE | STALE | FALLBACK (the status of the stream's latest event), NONE before any. */
    String status(String stream) {
        return panel(stream).getDomAttribute("data-status");
    }

    /** True when the stream's latest event is "no data yet" (FALLBACK without values). */
    boolean noData(String stream) {
        return "true".equals(panel(stream).getDomAttribute("data-nodata"));
    }

    /** The line under the panel's head that says why it is not live, empty when hidden. */
    String reason(String stream) {
        WebElement reason = panel(stream).findElement(By.className("reason"));
        return reason.isDisplayed() ? reason.getText() : "";
    }

    /** The engines the page knows (its fleet), whether or not the overview shows them. */
    List<String> knownEngines() {
        List<String> engines = browser.script("return [...window.pulseDashboard.fleet.engines.keys()].sort();");
        return List.copyOf(engines);
    }

    /** Opens an engine's detail view straight from its URL, as a bookmark would. */
    void openEngine(String baseUrl, String engine) {
        browser.open(baseUrl + "#view=engine&engine=" + engine);
    }

    /** overview | engine | compare (on {@code body[data-view]}). */
    String view() {
        return body().getDomAttribute("data-view");
    }

    /** The overview's rows in the order shown (the filtered, sorted list, rendered or not). */
    List<String> overviewEngines() {
        List<String> engines = browser.script("return window.pulseDashboard.overviewOrder();");
        return List.copyOf(engines);
    }

    /** The overview row of an engine (it must be in view: only visible rows exist). */
    WebElement row(String engine) {
        return browser.driver().findElement(By.cssSelector("#fleet .fleet-row[data-engine='" + engine + "']"));
    }

    /** nodata | fallback | stale | alert | live: the engine's worst state as its overview row shows it. */
    String rowRank(String engine) {
        return row(engine).getDomAttribute("data-rank");
    }

    String rowText(String engine) {
        return row(engine).getText();
    }

    /** The page's current URL (its view is in the hash). */
    String url() {
        return browser.driver().getCurrentUrl();
    }

    int points(String stream) {
        return Integer.parseInt(panel(stream).getDomAttribute("data-points"));
    }

    boolean dimmed(String stream) {
        return "true".equals(panel(stream).getDomAttribute("data-dim"));
    }

    /** The line next to the badge, e.g. "updated 2 s ago · data 41 s old". */
    String freshness(String stream) {
        return panel(stream).findElement(By.className("freshness")).getText();
    }

    String value(String stream, String field) {
        return panel(stream)
                .findElement(By.cssSelector("dd[data-field='" + field + "']"))
                .getText();
    }

    /** Every chart of the stream has drawn (a canvas) and has points. */
    boolean chartsDrawn(String stream) {
        List<WebElement> plots = panel(stream).findElements(By.cssSelector(".plot"));
        return !plots.isEmpty()
                && plots.stream()
                        .allMatch(p -> !p.findElements(By.tagName("canvas")).isEmpty()
                                && Integer.parseInt(p.getDomAttribute("data-points")) > 0);
    }

    int windowRows(String stream) {
        return panel(stream)
                .findElements(By.cssSelector("table.stats tbody tr"))
                .size();
    }

    /** The engine-down message, empty when hidden. */
    String engineAlert() {
        WebElement alert = browser.driver().findElement(By.id("engine-alert"));
        return alert.isDisplayed() ? alert.getText() : "";
    }

    /** The engines the overview lists, in its order; empty when it lists none. */
    List<String> engineButtons() {
        return overviewEngines();
    }

    /**
     * Opens an engine's detail view by clicking its name in the overview. Found and clicked in one script: the list
     * reuses its row elements as it re-sorts, so a row found by WebDriver can show another engine by the time a
     * separate click reaches it (FleetStackIT opened engine-1 instead of engine-150 that way).
     */
    void selectEngine(String engine) {
        Boolean clicked = browser.script(
                "const link = document.querySelector(`#fleet .fleet-row[data-engine='${arguments[0]}'] .engine-link`);"
                        + "if (!link) return false;"
                        + "link.click();"
                        + "return true;",
                engine);
        if (!Boolean.TRUE.equals(clicked)) {
            throw new AssertionError("no overview row shows " + engine);
        }
    }

    void toggleStream(String stream) {
        browser.driver()
                .findElement(By.cssSelector("#stream-toggles input[value='" + stream + "']"))
                .click();
    }

    void exportCsv() {
        browser.driver().findElement(By.id("export-csv")).click();
    }

    void exportJson() {
        browser.driver().findElement(By.id("export-json")).click();
    }

    /** Point times (ms) of one series as the page holds them. */
    List<Long> pointTimes(String engine, String stream) {
        List<Number> times =
                browser.script("return window.pulseDashboard.store.times(arguments[0], arguments[1]);", engine, stream);
        return times.stream().map(Number::longValue).toList();
    }

    /** Waits until the assertions hold, reading the page again every 200 ms. */
    static void eventually(Duration timeout, ThrowingRunnable assertions) {
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .untilAsserted(assertions);
    }

    private WebElement body() {
        return browser.driver().findElement(By.tagName("body"));
    }
}

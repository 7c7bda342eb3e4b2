package dev.pulse.browser;

import static dev.pulse.browser.DashboardPage.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The fleet overview with 2,000 engines at 1 Hz × 3 streams (6,000 events a second from {@link StubGateway}), measured
 * with the browser's own Performance APIs while the list scrolls: long tasks (PerformanceObserver), the intervals
 * between animation frames, and the time spent in the page's own code. The figures are printed and written to
 * target/screenshots/fleet-load.json; docs/dashboard.md quotes a run of this test.
 */
@Isolated("its figures are the page's frame times and long tasks, which a neighbour's load would stretch")
class FleetLoadIT {
    static final int ENGINES = 2000;
    private static final Duration MEASURE = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * Runs in the page: observes for {@code arguments[0]} ms while scrolling the overview a screen every 500 ms, then
     * reports. Busy share = long-task time / elapsed (the main thread blocked 50 ms or more at a time); script share =
     * the page's own event handling and rendering / elapsed.
     */
    private static final String MEASURE_SCRIPT = """
            const [ms, done] = arguments;
            const longTasks = [];
            const observer = new PerformanceObserver((list) => {
              for (const e of list.getEntries()) longTasks.push(e.duration);
            });
            observer.observe({ type: 'longtask' });
            const perf = window.pulseDashboard.perf;
            const script0 = perf.scriptMs, events0 = perf.events;
            const frames = [];
            const t0 = performance.now();
            let last = t0;
            const list = document.getElementById('fleet');
            const scroller = setInterval(() => {
              list.scrollTop = (list.scrollTop + list.clientHeight) % (list.scrollHeight - list.clientHeight);
            }, 500);
            function frame(now) {
              frames.push(now - last);
              last = now;
              if (now - t0 < ms) return requestAnimationFrame(frame);
              clearInterval(scroller);
              observer.disconnect();
              const elapsed = now - t0;
              const sorted = [...frames].sort((a, b) => a - b);
              const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
              done({
                elapsed_ms: elapsed,
                frames: frames.length,
                frame_p50_ms: q(0.5), frame_p95_ms: q(0.95), frame_p99_ms: q(0.99),
                frame_max_ms: sorted[sorted.length - 1],
                long_tasks: longTasks.length,
                long_task_ms: longTasks.reduce((a, b) => a + b, 0),
                long_task_max_ms: Math.max(0, ...longTasks),
                busy_share: longTasks.reduce((a, b) => a + b, 0) / elapsed,
                script_ms: perf.scriptMs - script0,
                script_share: (perf.scriptMs - script0) / elapsed,
                events: perf.events - events0,
                rows_in_dom: document.querySelectorAll('#fleet .fleet-row:not([hidden])').length,
                engines: Number(document.getElementById('overview').dataset.engines),
              });
            }
            requestAnimationFrame(frame);
            """;

    private static Browser browser;
    private static StubGateway gateway;
    private static DashboardPage page;
    private static ScheduledExecutorService feeder;
    private static final AtomicLong sent = new AtomicLong();

    @BeforeAll
    static void start() throws IOException {
        browser = new Browser();
        gateway = new StubGateway();
        page = new DashboardPage(browser);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int e = 0; e < ENGINES; e++) {
            for (String stream : DashboardPage.STREAMS) {
                gateway.publish(stream, first(engine(e), stream, e, start));
            }
        }
        gateway.alerts(List.of(
                StubEvents.activeAlert(engine(7), "analytics", "cpu_usage", "critical", ">", 40, 44.2),
                StubEvents.activeAlert(engine(42), "analytics", "response_time", "warning", ">", 14, 15.1)));
        AtomicInteger tick = new AtomicInteger(1);
        feeder = Executors.newSingleThreadScheduledExecutor();
        feeder.scheduleAtFixedRate(
                () -> {
                    int i = tick.getAndIncrement();
                    Instant now = Instant.now();
                    List<String[]> events = new ArrayList<>(ENGINES * 3);
                    for (int e = 0; e < ENGINES; e++) {
                        if (state(e).equals("LIVE")) {
                            for (String stream : DashboardPage.STREAMS) {
                                events.add(new String[] {stream, StubEvents.live(engine(e), stream, now, i + e)});
                            }
                        }
                    }
                    gateway.broadcast(events);
                    sent.addAndGet(events.size());
                },
                1,
                1,
                TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        if (feeder != null) {
            feeder.shutdownNow();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void shouldStayResponsiveWithTwoThousandEnginesAtOneHertzOnThreeStreams() throws IOException {
        browser.open(gateway.url());
        eventually(WAIT, () -> assertThat(page.overviewEngines()).hasSize(ENGINES));
        browser.screenshot("overview-2000");
        long sentBefore = sent.get();

        Map<String, Object> figures = browser.asyncScript(MEASURE_SCRIPT, MEASURE.toMillis());

        long sentDuring = sent.get() - sentBefore;
        String json = Json.mapper().writeValueAsString(figures);
        System.out.println("fleet-load: engines=" + ENGINES + " sent=" + sentDuring + " " + json);
        Path out = Files.createDirectories(Pages.artefacts()).resolve("fleet-load.json");
        Files.writeString(out, json);
        // Only the rows in view are in the DOM: a screen's worth plus the overscan, not 2,000.
        assertThat(((Number) figures.get("rows_in_dom")).intValue()).isBetween(1, 60);
        // The page kept up with the stream: it handled (nearly) everything sent while measuring.
        assertThat(((Number) figures.get("events")).longValue()).isGreaterThan(sentDuring / 2);
        assertThat(((Number) figures.get("frames")).intValue()).isPositive();
        assertThat(browser.errors()).isEmpty();

        // The picture for the docs: where the stale engines end and the alerts and live ones begin.
        browser.script(
                "const order = window.pulseDashboard.fleet.list().length && window.pulseDashboard.overviewOrder();"
                        + "const first = order.findIndex((id) => window.pulseDashboard.fleet.engines.get(id).rank"
                        + " === 'alert');"
                        + "document.getElementById('fleet').scrollTop = Math.max(0, first - 6) * arguments[0];",
                44);
        eventually(WAIT, () -> assertThat(page.row(engine(7)).isDisplayed()).isTrue());
        browser.screenshot("overview-2000-mixed");
    }

    static String engine(int e) {
        return String.format("engine-%04d", e);
    }

    /** Most engines live; a few stale, down, or without data yet, so the overview has something to sort. */
    static String state(int e) {
        if (e % 97 == 3) {
            return "NODATA";
        }
        if (e % 50 == 1) {
            return "FALLBACK";
        }
        if (e % 37 == 2) {
            return "STALE";
        }
        return "LIVE";
    }

    private static String first(String engine, String stream, int e, Instant start) {
        return switch (state(e)) {
            case "NODATA" -> StubEvents.noData(engine, stream, start, "engine DOWN: connection refused");
            case "FALLBACK" ->
                StubEvents.fallback(engine, stream, start.minusSeconds(95), start, "engine DOWN: read timed out");
            case "STALE" -> StubEvents.stale(engine, stream, start.minusSeconds(40), start);
            default -> StubEvents.live(engine, stream, start, e);
        };
    }
}

package dev.pulse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * What the page tests fed by a {@link StubGateway} share: one Chromium for the class (starting one per test would
 * dominate their time), a fresh stub per test, and a page left without uncaught errors and as the next test expects it
 * (the default window size and colour scheme). The Chromium is the test instance's, not a static, because test classes
 * run two at a time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StubPageTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    Browser browser;
    StubGateway gateway;
    DashboardPage page;
    /** A whole second a minute ago: the scripted events' clock starts here. */
    Instant start;

    @BeforeAll
    void startBrowser() {
        browser = new Browser();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void startGateway() throws Exception {
        gateway = new StubGateway();
        page = new DashboardPage(browser);
        start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    }

    @AfterEach
    void stopGateway() {
        assertThat(browser.errors()).as("uncaught errors on the page").isEmpty();
        browser.size(1400, 1000);
        browser.prefersColorScheme("");
        gateway.close();
    }
}

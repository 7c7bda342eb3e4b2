package dev.pulse.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's Chromium and ChromeDriver, which {@code bin/test-prerequisites} installs before the tests (the README's test
 * command runs it). The tests never install anything: where the two are missing they are skipped with the reason,
 * rather than failing the build, and Selenium never downloads a browser of its own, which cannot work here.
 */
final class SystemChromium {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private SystemChromium() {}

    /** Skips the calling test (JUnit assumption) unless Chromium and its driver are installed. */
    static void assumeAvailable() {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                CHROMIUM + " or " + CHROMEDRIVER + " is missing (bin/test-prerequisites installs Debian's chromium"
                        + " and chromium-driver, and says why when it cannot): skipping the browser tests");
    }
}

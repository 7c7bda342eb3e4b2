package dev.pulse.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium and ChromeDriver, installed by {@code bin/install-browser} when missing. Where that is impossible
 * (no root, no apt), the browser tests are skipped with a clear message rather than failing the build: Selenium must
 * never download a browser of its own, which cannot work here.
 */
final class ChromiumInstall {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static Boolean available;

    private ChromiumInstall() {}

    /** Skips the calling test (JUnit assumption) unless Chromium and its driver are, or can be, installed. */
    static synchronized void assumeAvailable() {
        if (available == null) {
            available = installed() || install();
        }
        assumeTrue(
                available,
                "Chromium is not installed and bin/install-browser could not install it"
                        + " (see its output above); skipping the browser tests");
    }

    private static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    private static boolean install() {
        Path script = Pages.projectHome().resolve("bin/install-browser");
        System.out.println("browser-tests: Chromium missing, running " + script);
        try {
            Process process = new ProcessBuilder(script.toString()).inheritIO().start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0 && installed();
        } catch (IOException e) {
            System.out.println("browser-tests: cannot run " + script + ": " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package dev.pulse.browser;

import dev.pulse.common.io.Directories;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Debian Chromium driven by its own chromedriver: no Selenium Manager, no downloads, and no look-ups of
 * outside hosts, so a page that needed the internet would show it.
 */
final class Browser implements AutoCloseable {
    private final Path profile;
    private final Path downloads;
    private final ChromeDriver driver;

    Browser() {
        SystemChromium.assumeAvailable();
        try {
            profile = Files.createTempDirectory("pulse-chromium-");
            downloads = Files.createDirectories(profile.resolve("downloads"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(SystemChromium.CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--no-first-run",
                "--window-size=1400,1000",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--user-data-dir=" + profile);
        options.setExperimentalOption(
                "prefs",
                Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(SystemChromium.CHROMEDRIVER.toFile())
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(90));
        // Collects the page's uncaught errors from the first script on, for errors().
        driver.executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument",
                Map.of(
                        "source",
                        "window.__pageErrors = [];"
                                + "addEventListener('error', e => window.__pageErrors.push(String(e.message)));"
                                + "addEventListener('unhandledrejection',"
                                + " e => window.__pageErrors.push(String(e.reason)));"));
    }

    /** Uncaught errors and unhandled rejections of the page since it loaded. */
    List<String> errors() {
        List<String> errors = script("return window.__pageErrors || [];");
        return List.copyOf(errors);
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Emulates the browser's colour-scheme preference, as a user's OS setting would set it. */
    void prefersColorScheme(String scheme) {
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    @SuppressWarnings("unchecked")
    <T> T script(String script, Object... args) {
        return (T) ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs an asynchronous script: its last argument is the callback that ends it with a result. */
    @SuppressWarnings("unchecked")
    <T> T asyncScript(String script, Object... args) {
        return (T) ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Saves a screenshot of the whole window under target/screenshots/NAME.png. */
    Path screenshot(String name) {
        try {
            Path target = Files.createDirectories(Pages.artefacts()).resolve(name + ".png");
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files the page has finished downloading (Chromium writes *.crdownload until done). */
    List<Path> downloads() {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(p -> !p.toString().endsWith(".crdownload"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            Directories.deleteRecursively(profile);
        }
    }
}

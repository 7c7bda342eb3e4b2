package dev.pulse.browser;

import java.nio.file.Path;

/** Where the checkout and the test artefacts are. */
final class Pages {
    private Pages() {}

    /** The checkout: {@code -Dpulse.home} (set by the pom), else the parent of the working directory. */
    static Path projectHome() {
        return Path.of(System.getProperty("pulse.home", "..")).toAbsolutePath().normalize();
    }

    /**
     * The dashboard's static files as the build left them on the gateway's classpath (the page with the uPlot version
     * filled in), as the gateway serves them.
     */
    static Path publicDir() {
        return projectHome().resolve("gateway/target/classes/public");
    }

    /** Screenshots and downloads of a run: kept as test artefacts. */
    static Path artefacts() {
        return projectHome().resolve("browser-tests/target/screenshots");
    }
}

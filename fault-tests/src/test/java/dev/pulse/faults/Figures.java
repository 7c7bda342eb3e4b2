package dev.pulse.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a scenario measured, on one line ({@code FAULT <scenario>: key=value ...}): printed, and appended to
 * {@code target/fault-figures.txt} so a run leaves its figures behind; {@link FaultsReport} then renders that file.
 */
final class Figures {
    /** Scenarios run two at a time: one appends and renders while the other waits. */
    private static final Object FILE_LOCK = new Object();

    private final String scenario;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Figures(String scenario) {
        this.scenario = scenario;
    }

    static Figures of(String scenario) {
        return new Figures(scenario);
    }

    /** Values carry no spaces (a map prints as {@code {a=1,b=2}}), so the line splits into its pairs. */
    Figures put(String name, Object value) {
        values.put(
                name,
                value instanceof Double d
                        ? String.format(Locale.ROOT, "%.1f", d)
                        : String.valueOf(value).replace(", ", ","));
        return this;
    }

    /** Prints and records the line; returns it. */
    String report() {
        String line = "FAULT " + scenario + ": "
                + values.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(" "))
                + " profile=" + (Profile.full() ? "full" : "default");
        System.out.println(line);
        Path file = Path.of(System.getProperty("faults.figures", "target/fault-figures.txt"));
        synchronized (FILE_LOCK) {
            append(file, line);
            FaultsReport.render(file);
        }
        return line;
    }

    private static void append(Path file, String line) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(
                    file,
                    Instant.now() + " " + line + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }
}

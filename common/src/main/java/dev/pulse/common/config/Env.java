package dev.pulse.common.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to environment variables (12-factor). Every getter takes the documented default and throws
 * {@link ConfigException}, naming the variable and the expected form, for a bad value. Tests pass a plain map; services
 * pass {@link System#getenv()}.
 */
public final class Env {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final Map<String, String> variables;

    public Env(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    /** The raw value, if set to something other than blanks. */
    public Optional<String> raw(String name) {
        return Optional.ofNullable(variables.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    public Map<String, String> all() {
        return variables;
    }

    public String string(String name, String defaultValue) {
        return raw(name).orElse(defaultValue);
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> value = raw(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, with the expected range
        }
        throw new ConfigException(name, "a whole number from " + min + " to " + max, value.get());
    }

    public boolean bool(String name, boolean defaultValue) {
        Optional<String> value = raw(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(name, "true or false", value.get());
        };
    }

    /**
     * A duration as ISO-8601 ({@code PT5S}) or short form ({@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}), within
     * bounds.
     */
    public Duration duration(String name, Duration defaultValue, Duration min, Duration max) {
        Optional<String> value = raw(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String expected = "a duration from " + min + " to " + max + " such as 5s, 500ms, 2m or PT5S";
        Duration parsed =
                parseDuration(value.get()).orElseThrow(() -> new ConfigException(name, expected, value.get()));
        if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
            throw new ConfigException(name, expected, value.get());
        }
        return parsed;
    }

    public URI httpUri(String name, String defaultValue) {
        String value = string(name, defaultValue);
        return parseHttpUri(value)
                .orElseThrow(() -> new ConfigException(name, "an http(s) URL such as http://localhost:8081", value));
    }

    /** A directory the service can write to, created when missing. */
    public Path writableDirectory(String name, Path defaultValue) {
        Path dir = raw(name).map(Path::of).orElse(defaultValue);
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new ConfigException(name, "a directory that exists or can be created", dir.toString());
        }
        if (!Files.isWritable(dir)) {
            throw new ConfigException(name, "a writable directory", dir.toString());
        }
        return dir;
    }

    /** A comma-separated list, blanks dropped. */
    public List<String> list(String name, String defaultValue) {
        return Arrays.stream(string(name, defaultValue).split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public static Optional<Duration> parseDuration(String text) {
        Matcher shortForm = SHORT_DURATION.matcher(text);
        try {
            if (shortForm.matches()) {
                long amount = Long.parseLong(shortForm.group(1));
                return Optional.of(
                        switch (shortForm.group(2)) {
                            case "ms" -> Duration.ofMillis(amount);
                            case "s" -> Duration.ofSeconds(amount);
                            case "m" -> Duration.ofMinutes(amount);
                            default -> Duration.ofHours(amount);
                        });
            }
            return Optional.of(Duration.parse(text));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static Optional<URI> parseHttpUri(String text) {
        try {
            URI uri = new URI(text);
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}

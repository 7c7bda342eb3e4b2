package dev.pulse.collector.engines;

import java.util.Objects;

/**
 * One request header sent to an engine. Its value may be a secret taken from the environment, so it never appears in
 * {@link #toString()} (and therefore in no log line).
 */
public record Header(String name, String value) {
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return name + ": <redacted>";
    }
}

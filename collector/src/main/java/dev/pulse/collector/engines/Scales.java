package dev.pulse.collector.engines;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The named scales of the engines file; any positive number is a scale too. */
final class Scales {
    static final Map<String, Double> NAMED = new TreeMap<>(Map.of(
            "bytes_to_mib", 1.0 / (1024 * 1024),
            "kib_to_mib", 1.0 / 1024,
            "bytes_to_kib", 1.0 / 1024,
            "ratio_to_percent", 100.0,
            "percent_to_ratio", 0.01,
            "seconds_to_ms", 1000.0,
            "us_to_ms", 0.001,
            "ns_to_ms", 0.000_001));

    private Scales() {}

    static Optional<Double> named(String name) {
        return Optional.ofNullable(NAMED.get(name));
    }
}

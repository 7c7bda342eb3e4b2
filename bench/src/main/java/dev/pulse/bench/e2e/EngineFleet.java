package dev.pulse.bench.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The collector's settings for a target rate: every poll of one engine yields three readings (system, memory, graph),
 * so r readings/s is r/3 engines polled each second, or one engine polled less often below 3/s. All engines are served
 * by one simulator under {@code /engines/{id}}.
 */
public record EngineFleet(int engines, Duration interval) {
    public static EngineFleet forRate(int readingsPerSecond) {
        if (readingsPerSecond < 3) {
            return new EngineFleet(1, Duration.ofMillis(3000 / Math.max(1, readingsPerSecond)));
        }
        return new EngineFleet(Math.round(readingsPerSecond / 3f), Duration.ofSeconds(1));
    }

    public double readingsPerSecond() {
        return engines * 3.0 / (interval.toMillis() / 1000.0);
    }

    public Map<String, String> collectorEnv(String simulatorUrl) {
        String urls = IntStream.rangeClosed(1, engines)
                .mapToObj(i -> "bench-" + i + "=" + simulatorUrl + "/engines/bench-" + i)
                .collect(Collectors.joining(","));
        return Map.of(
                "ENGINE_URLS",
                urls,
                "COLLECTOR_INTERVAL",
                interval.toMillis() + "ms",
                "COLLECTOR_REQUEST_TIMEOUT",
                Math.min(1000, interval.toMillis()) + "ms");
    }
}

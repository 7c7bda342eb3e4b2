package dev.pulse.collector;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.topic.TopicSettings;
import dev.pulse.simulator.model.EngineFleet;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything the collector needs, read from the environment (see docs/collector.md).
 *
 * @param port {@code COLLECTOR_PORT}, default 8082 (0 = a free port): /health, /ready, /metrics
 * @param engines {@code ENGINE_URLS}: comma-separated {@code id=url}, default {@code engine-1=http://localhost:8081}
 * @param interval {@code COLLECTOR_INTERVAL}, default 1s, from 100ms to 60s
 * @param mode {@code COLLECTOR_MODE}: {@code real} (default) or {@code simulated}
 * @param simulatorSeed {@code COLLECTOR_SIMULATOR_SEED}, default 42: the seed of simulated mode
 * @param resilience timeouts, retry and circuit breaker
 * @param publish buffer and shutdown of the producer
 * @param kafka {@code KAFKA_BOOTSTRAP_SERVERS} and pass-through {@code KAFKA_*} client properties
 * @param topics {@code TOPIC_PARTITIONS}, {@code TOPIC_REPLICATION_FACTOR} for topics it creates
 */
public record CollectorConfig(
        int port,
        List<EngineTarget> engines,
        Duration interval,
        CollectorMode mode,
        long simulatorSeed,
        ResilienceSettings resilience,
        PublishSettings publish,
        KafkaSettings kafka,
        TopicSettings topics) {

    public static final int DEFAULT_PORT = 8082;
    public static final String DEFAULT_ENGINE_URLS = "engine-1=http://localhost:8081";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    public static final Duration MAX_INTERVAL = Duration.ofSeconds(60);

    public CollectorConfig {
        engines = List.copyOf(engines);
        if (engines.isEmpty()) {
            throw new ConfigException("ENGINE_URLS", "at least one id=url pair", "");
        }
        if (resilience.requestTimeout().compareTo(interval) > 0) {
            throw new ConfigException(
                    "COLLECTOR_REQUEST_TIMEOUT",
                    "at most COLLECTOR_INTERVAL (" + interval + ")",
                    resilience.requestTimeout().toString());
        }
    }

    public static CollectorConfig fromEnv(Env env) {
        return new CollectorConfig(
                env.integer("COLLECTOR_PORT", DEFAULT_PORT, 0, 65_535),
                parseEngines(env.string("ENGINE_URLS", DEFAULT_ENGINE_URLS)),
                env.duration("COLLECTOR_INTERVAL", DEFAULT_INTERVAL, MIN_INTERVAL, MAX_INTERVAL),
                parseMode(env.string("COLLECTOR_MODE", "real")),
                env.integer("COLLECTOR_SIMULATOR_SEED", 42, Integer.MIN_VALUE, Integer.MAX_VALUE),
                ResilienceSettings.fromEnv(env),
                PublishSettings.fromEnv(env),
                KafkaSettings.fromEnv(env),
                TopicSettings.fromEnv(env));
    }

    static List<EngineTarget> parseEngines(String text) {
        String expected = "comma-separated id=url pairs such as engine-1=http://localhost:8081 (ids matching "
                + EngineFleet.ENGINE_ID.pattern() + ", each once)";
        List<EngineTarget> engines = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String pair : text.split(",")) {
            String trimmed = pair.strip();
            int equals = trimmed.indexOf('=');
            if (equals < 0) {
                throw new ConfigException("ENGINE_URLS", expected, text);
            }
            String id = trimmed.substring(0, equals).strip();
            URI url = Env.parseHttpUri(trimmed.substring(equals + 1).strip())
                    .orElseThrow(() -> new ConfigException("ENGINE_URLS", expected, text));
            if (!EngineFleet.isValidId(id) || !ids.add(id)) {
                throw new ConfigException("ENGINE_URLS", expected, text);
            }
            engines.add(new EngineTarget(id, url));
        }
        return engines;
    }

    private static CollectorMode parseMode(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "real" -> CollectorMode.REAL;
            case "simulated" -> CollectorMode.SIMULATED;
            default -> throw new ConfigException("COLLECTOR_MODE", "real or simulated", text);
        };
    }
}

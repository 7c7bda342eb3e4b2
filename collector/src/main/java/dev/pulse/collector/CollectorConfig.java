package dev.pulse.collector;

import dev.pulse.collector.engines.EnginesFileException;
import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.model.EngineId;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.TopicSettings;
import java.net.URI;
import java.nio.file.Path;
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
 * @param engines every engine configured, before sharding: from {@code ENGINES_FILE} when set, else {@code ENGINE_URLS}
 *     (comma-separated {@code id=url}, default {@code engine-1=http://localhost:8081}, built-in profile)
 * @param enginesFile {@code ENGINES_FILE}: the file the engines came from, re-read when it changes; null for
 *     {@code ENGINE_URLS}
 * @param shard {@code COLLECTOR_SHARD}: which engines of {@code engines} this collector polls
 * @param interval {@code COLLECTOR_INTERVAL}, default 1s, from 100ms to 60s
 * @param mode {@code COLLECTOR_MODE}: {@code real} (default) or {@code simulated}
 * @param simulatorSeed {@code COLLECTOR_SIMULATOR_SEED}, default 42: the seed of simulated mode
 * @param resilience timeouts, retry and circuit breaker
 * @param publish buffer and shutdown of the producer
 * @param kafka {@code KAFKA_BOOTSTRAP_SERVERS} and pass-through {@code KAFKA_*} client properties
 * @param topics {@code TOPIC_PARTITIONS}, {@code TOPIC_REPLICATION_FACTOR} for topics it creates
 * @param topicNames {@code TOPIC_PREFIX}: the topics it writes and creates
 */
public record CollectorConfig(
        int port,
        List<EngineTarget> engines,
        EnginesSource enginesFile,
        Shard shard,
        Duration interval,
        CollectorMode mode,
        long simulatorSeed,
        ResilienceSettings resilience,
        PublishSettings publish,
        KafkaSettings kafka,
        TopicSettings topics,
        PipelineTopics topicNames) {

    public static final int DEFAULT_PORT = 8082;
    public static final String DEFAULT_ENGINE_URLS = "engine-1=http://localhost:8081";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    public static final Duration MAX_INTERVAL = Duration.ofSeconds(60);

    public CollectorConfig {
        engines = List.copyOf(engines);
        // An engines file may list none (a fleet being set up, or retired): it is watched for more.
        if (engines.isEmpty() && enginesFile == null) {
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
        EnginesSource file = env.raw("ENGINES_FILE")
                .map(path -> new EnginesSource(Path.of(path), env))
                .orElse(null);
        if (file != null && env.raw("ENGINE_URLS").isPresent()) {
            throw new ConfigException(
                    "ENGINE_URLS", "unset when ENGINES_FILE is set (list the engines in the file)", "set");
        }
        List<EngineTarget> engines;
        try {
            engines = file != null ? file.load() : parseEngines(env.string("ENGINE_URLS", DEFAULT_ENGINE_URLS));
        } catch (EnginesFileException e) {
            throw e.asConfigError();
        }
        return new CollectorConfig(
                env.integer("COLLECTOR_PORT", DEFAULT_PORT, 0, 65_535),
                engines,
                file,
                Shard.fromEnv(env),
                env.duration("COLLECTOR_INTERVAL", DEFAULT_INTERVAL, MIN_INTERVAL, MAX_INTERVAL),
                parseMode(env.string("COLLECTOR_MODE", "real")),
                env.integer("COLLECTOR_SIMULATOR_SEED", 42, Integer.MIN_VALUE, Integer.MAX_VALUE),
                ResilienceSettings.fromEnv(env),
                PublishSettings.fromEnv(env),
                KafkaSettings.fromEnv(env),
                TopicSettings.fromEnv(env),
                PipelineTopics.fromEnv(env));
    }

    static List<EngineTarget> parseEngines(String text) {
        String expected = "comma-separated id=url pairs such as engine-1=http://localhost:8081 (ids matching "
                + EngineId.RULE.pattern() + ", each once)";
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
            if (!EngineId.isValid(id) || !ids.add(id)) {
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

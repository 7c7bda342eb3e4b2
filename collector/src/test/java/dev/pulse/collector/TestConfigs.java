package dev.pulse.collector;

import dev.pulse.common.config.Env;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Collector settings for tests: fast polls and a breaker sized for them, read through fromEnv like production. Timeouts
 * leave room for a loaded 2-core machine; tighter ones made healthy engines time out in cold JVMs.
 */
final class TestConfigs {
    private TestConfigs() {}

    static Map<String, String> fastPolling(String bootstrapServers, String engineUrls) {
        Map<String, String> env = new HashMap<>();
        env.put("COLLECTOR_PORT", "0");
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("ENGINE_URLS", engineUrls);
        env.put("COLLECTOR_INTERVAL", "500ms");
        env.put("COLLECTOR_CONNECT_TIMEOUT", "200ms");
        env.put("COLLECTOR_REQUEST_TIMEOUT", "400ms");
        env.put("COLLECTOR_RETRY_ATTEMPTS", "2");
        env.put("COLLECTOR_RETRY_BACKOFF", "20ms");
        env.put("COLLECTOR_BREAKER_WINDOW", "5s");
        env.put("COLLECTOR_BREAKER_MIN_CALLS", "3");
        env.put("COLLECTOR_BREAKER_OPEN_WAIT", "500ms");
        env.put("COLLECTOR_SHUTDOWN_TIMEOUT", "3s");
        return env;
    }

    /** The same, with the engines from an engines file. */
    static Map<String, String> fastPolling(String bootstrapServers, Path enginesFile) {
        Map<String, String> env = fastPolling(bootstrapServers, "unused");
        env.remove("ENGINE_URLS");
        env.put("ENGINES_FILE", enginesFile.toString());
        return env;
    }

    static CollectorConfig config(Map<String, String> env) {
        return CollectorConfig.fromEnv(new Env(env));
    }
}

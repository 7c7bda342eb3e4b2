package dev.pulse.dev;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import dev.pulse.process.Service;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Settings of the local stack. Each port falls back to a free one when its default is taken.
 *
 * @param projectHome the checkout, whose modules hold the packaged services ({@code -Dpulse.home})
 * @param kafkaPort {@code KAFKA_PORT}, default 9092
 * @param ports each service's HTTP port: {@code GATEWAY_PORT} 8080, {@code SIMULATOR_PORT} 8081, {@code COLLECTOR_PORT}
 *     8082, {@code PROCESSOR_PORT} 8083
 * @param engines {@code DEV_ENGINES}, how many simulated engines to watch, default 3
 * @param enginesFile {@code ENGINES_FILE}: when set, the collector watches the engines of this file (see
 *     docs/collector.md) instead of the {@code engines} simulated ones; null otherwise
 * @param brokers {@code DEV_BROKERS} ({@code bin/dev --brokers 3}): 1 = one broker in the launcher's JVM on
 *     {@code kafkaPort}; more = a cluster of that many nodes, each its own process, on {@code kafkaPort} and the ports
 *     after it, with the topics replicated (factor 3 at most, {@code min.insync.replicas=2})
 * @param environment more variables for every service, over this process's environment (a test's
 *     {@code GATEWAY_AUTH_TOKEN}, say); empty from {@link #fromEnv}
 */
public record DevStackConfig(
        Path projectHome,
        int kafkaPort,
        Map<Service, Integer> ports,
        int engines,
        Path enginesFile,
        int brokers,
        Map<String, String> environment) {
    private static final Map<Service, Integer> DEFAULT_PORTS =
            Map.of(Service.GATEWAY, 8080, Service.SIMULATOR, 8081, Service.COLLECTOR, 8082, Service.PROCESSOR, 8083);

    public static final int MAX_BROKERS = 5;

    public DevStackConfig {
        ports = Map.copyOf(ports);
        environment = Map.copyOf(environment);
        if (brokers < 1 || brokers > MAX_BROKERS) {
            throw new ConfigException("DEV_BROKERS", "a number from 1 to " + MAX_BROKERS, Integer.toString(brokers));
        }
        // The services run in another working directory.
        enginesFile = enginesFile == null ? null : enginesFile.toAbsolutePath();
    }

    /** The simulated engines only, on one broker. */
    public DevStackConfig(Path projectHome, int kafkaPort, Map<Service, Integer> ports, int engines) {
        this(projectHome, kafkaPort, ports, engines, null);
    }

    /** One broker, nothing beyond this process's environment. */
    public DevStackConfig(Path projectHome, int kafkaPort, Map<Service, Integer> ports, int engines, Path enginesFile) {
        this(projectHome, kafkaPort, ports, engines, enginesFile, 1, Map.of());
    }

    public static DevStackConfig fromEnv(Env env, Path projectHome) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, env.integer(service.portVariable(), DEFAULT_PORTS.get(service), 1, 65535));
        }
        return new DevStackConfig(
                projectHome,
                env.integer("KAFKA_PORT", 9092, 1, 65535),
                ports,
                env.integer("DEV_ENGINES", 3, 1, 50),
                env.raw("ENGINES_FILE").map(Path::of).orElse(null),
                env.integer("DEV_BROKERS", 1, 1, MAX_BROKERS),
                Map.of());
    }
}

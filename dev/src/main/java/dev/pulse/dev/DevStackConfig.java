package dev.pulse.dev;

import dev.pulse.common.config.Env;
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
 */
public record DevStackConfig(Path projectHome, int kafkaPort, Map<Service, Integer> ports, int engines) {
    private static final Map<Service, Integer> DEFAULT_PORTS =
            Map.of(Service.GATEWAY, 8080, Service.SIMULATOR, 8081, Service.COLLECTOR, 8082, Service.PROCESSOR, 8083);

    public DevStackConfig {
        ports = Map.copyOf(ports);
    }

    public static DevStackConfig fromEnv(Env env, Path projectHome) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, env.integer(service.portVariable(), DEFAULT_PORTS.get(service), 1, 65535));
        }
        return new DevStackConfig(
                projectHome, env.integer("KAFKA_PORT", 9092, 1, 65535), ports, env.integer("DEV_ENGINES", 3, 1, 50));
    }
}

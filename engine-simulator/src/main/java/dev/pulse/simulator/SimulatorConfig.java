package dev.pulse.simulator;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import dev.pulse.common.model.EngineId;
import dev.pulse.ops.PublicOrigins;
import java.util.List;

/**
 * How the engine simulator runs.
 *
 * @param port {@code SIMULATOR_PORT}, default 8081; 0 picks a free port
 * @param seed {@code SIMULATOR_SEED}, default 42: the same seed gives the same readings
 * @param defaultEngineId {@code SIMULATOR_ENGINE_ID}, default {@code engine-1}: the engine served at the root paths
 * @param admin {@code SIMULATOR_ADMIN}, default true: serve the fault-injection API ({@code /admin/...}); the compose
 *     file turns it off, since anyone who reaches the port could then take engines down
 * @param publicOrigins {@code SIMULATOR_PUBLIC_ORIGINS}, the names (Host) the admin API answers to besides loopback
 *     ones; default none
 */
public record SimulatorConfig(int port, long seed, String defaultEngineId, boolean admin, List<String> publicOrigins) {
    public static final int DEFAULT_PORT = 8081;
    public static final long DEFAULT_SEED = 42;
    public static final String DEFAULT_ENGINE_ID = "engine-1";

    public SimulatorConfig {
        if (port < 0 || port > 65_535) {
            throw new ConfigException("SIMULATOR_PORT", "a port from 0 to 65535", Integer.toString(port));
        }
        if (!EngineId.isValid(defaultEngineId)) {
            throw new ConfigException(
                    "SIMULATOR_ENGINE_ID",
                    "an id matching " + EngineId.RULE.pattern(),
                    String.valueOf(defaultEngineId));
        }
        publicOrigins = List.copyOf(publicOrigins);
        new PublicOrigins("SIMULATOR_PUBLIC_ORIGINS", publicOrigins);
    }

    public SimulatorConfig(int port, long seed, String defaultEngineId, boolean admin) {
        this(port, seed, defaultEngineId, admin, List.of());
    }

    /** The Host check of the admin API (validates {@code SIMULATOR_PUBLIC_ORIGINS}). */
    public PublicOrigins adminOrigins() {
        return new PublicOrigins("SIMULATOR_PUBLIC_ORIGINS", publicOrigins);
    }

    public static SimulatorConfig fromEnv(Env env) {
        String seed = env.string("SIMULATOR_SEED", Long.toString(DEFAULT_SEED));
        long parsedSeed;
        try {
            parsedSeed = Long.parseLong(seed);
        } catch (NumberFormatException e) {
            throw new ConfigException("SIMULATOR_SEED", "a whole number", seed);
        }
        return new SimulatorConfig(
                env.integer("SIMULATOR_PORT", DEFAULT_PORT, 0, 65_535),
                parsedSeed,
                env.string("SIMULATOR_ENGINE_ID", DEFAULT_ENGINE_ID),
                env.bool("SIMULATOR_ADMIN", true),
                env.list("SIMULATOR_PUBLIC_ORIGINS", ""));
    }

    /** A free port, the default seed and engine: for tests. */
    public static SimulatorConfig onFreePort() {
        return new SimulatorConfig(0, DEFAULT_SEED, DEFAULT_ENGINE_ID, true);
    }
}

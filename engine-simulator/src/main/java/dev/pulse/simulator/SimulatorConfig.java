package dev.pulse.simulator;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import dev.pulse.simulator.model.EngineFleet;

/**
 * How the engine simulator runs.
 *
 * @param port {@code SIMULATOR_PORT}, default 8081; 0 picks a free port
 * @param seed {@code SIMULATOR_SEED}, default 42: the same seed gives the same readings
 * @param defaultEngineId {@code SIMULATOR_ENGINE_ID}, default {@code engine-1}: the engine served at the root paths
 */
public record SimulatorConfig(int port, long seed, String defaultEngineId) {
    public static final int DEFAULT_PORT = 8081;
    public static final long DEFAULT_SEED = 42;
    public static final String DEFAULT_ENGINE_ID = "engine-1";

    public SimulatorConfig {
        if (port < 0 || port > 65_535) {
            throw new ConfigException("SIMULATOR_PORT", "a port from 0 to 65535", Integer.toString(port));
        }
        if (!EngineFleet.isValidId(defaultEngineId)) {
            throw new ConfigException(
                    "SIMULATOR_ENGINE_ID",
                    "an id matching " + EngineFleet.ENGINE_ID.pattern(),
                    String.valueOf(defaultEngineId));
        }
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
                env.string("SIMULATOR_ENGINE_ID", DEFAULT_ENGINE_ID));
    }

    /** A free port, the default seed and engine: for tests. */
    public static SimulatorConfig onFreePort() {
        return new SimulatorConfig(0, DEFAULT_SEED, DEFAULT_ENGINE_ID);
    }
}

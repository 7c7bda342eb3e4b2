package dev.pulse.simulator;

import dev.pulse.ops.ServiceRunner;

/** Runs the engine simulator as a process; configuration from the environment (see docs/simulator.md). */
public final class SimulatorMain {
    private SimulatorMain() {}

    public static void main(String[] args) {
        ServiceRunner.run("engine-simulator", env -> SimulatorService.start(SimulatorConfig.fromEnv(env)));
    }
}

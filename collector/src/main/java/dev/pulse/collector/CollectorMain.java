package dev.pulse.collector;

import dev.pulse.ops.ServiceRunner;

/** Runs the collector as a process; configuration from the environment (see docs/collector.md). */
public final class CollectorMain {
    private CollectorMain() {}

    public static void main(String[] args) {
        ServiceRunner.run("collector", env -> CollectorService.start(CollectorConfig.fromEnv(env)));
    }
}

package dev.pulse.processor;

import dev.pulse.ops.ServiceRunner;

/** Runs the processor from the environment until SIGTERM (see docs/processor.md for the settings). */
public final class ProcessorMain {
    private ProcessorMain() {}

    public static void main(String[] args) {
        ServiceRunner.run("processor", env -> ProcessorService.start(ProcessorConfig.fromEnv(env)));
    }
}

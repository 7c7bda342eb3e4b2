package dev.pulse.processor;

import dev.pulse.common.config.Env;
import dev.pulse.common.topic.PipelineTopics;

/**
 * The processor in a process of its own, on prefixed topics, for tests that kill it with SIGKILL: no shutdown hook, no
 * last commit, exactly what a crash leaves behind.
 */
public final class CrashableProcessor {
    private CrashableProcessor() {}

    public static void main(String[] args) throws InterruptedException {
        ProcessorService service =
                ProcessorService.start(ProcessorConfig.fromEnv(Env.system()).withTopics(new PipelineTopics(args[0])));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close));
        Thread.currentThread().join();
    }
}

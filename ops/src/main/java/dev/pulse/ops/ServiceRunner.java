package dev.pulse.ops;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a service process: read config, start, run until SIGTERM/Ctrl-C, close cleanly. A bad setting ends
 * start-up with one line naming the variable and exit code 2; nothing is left half-started.
 */
public final class ServiceRunner {
    /** Exit code for invalid configuration. */
    public static final int CONFIG_ERROR = 2;
    /** Exit code for any other start-up failure. */
    public static final int START_ERROR = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

    /** Starts a service from the environment. */
    @FunctionalInterface
    public interface Starter {
        AutoCloseable start(Env env) throws Exception;
    }

    private ServiceRunner() {}

    public static void run(String name, Starter starter) {
        AutoCloseable service;
        try {
            service = starter.start(Env.system());
        } catch (ConfigException e) {
            System.err.println(name + ": invalid configuration: " + e.getMessage());
            System.exit(CONFIG_ERROR);
            return;
        } catch (Exception e) {
            LOG.error("service={} failed to start", name, e);
            System.exit(START_ERROR);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("service={} stopping", name);
                            try {
                                service.close();
                            } catch (Exception e) {
                                LOG.warn("service={} did not close cleanly: {}", name, e.toString());
                            }
                            stopped.countDown();
                            LOG.info("service={} stopped", name);
                        },
                        name + "-shutdown"));
        LOG.info("service={} started pid={}", name, ProcessHandle.current().pid());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

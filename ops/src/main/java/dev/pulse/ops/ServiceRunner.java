package dev.pulse.ops;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import dev.pulse.common.kafka.KafkaRefusal;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a service process: read config, start, run until SIGTERM/Ctrl-C, close cleanly. A bad setting ends
 * start-up with one line naming the variable and exit code 2, and a login or operation Kafka refused with one line
 * saying so ({@link KafkaRefusal}) and exit code 1; nothing is left half-started.
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

    /** How start-up ended: a running service, or the exit code the process ends with. */
    sealed interface Outcome {
        record Started(AutoCloseable service) implements Outcome {}

        record Failed(int exitCode) implements Outcome {}
    }

    private ServiceRunner() {}

    public static void run(String name, Starter starter) {
        switch (start(name, starter, Env.system(), System.err)) {
            case Outcome.Failed failed -> System.exit(failed.exitCode());
            case Outcome.Started started -> runUntilShutdown(name, started.service());
        }
    }

    /** Starts the service; a configuration error is one line on {@code err}, any other failure is logged. */
    static Outcome start(String name, Starter starter, Env env, PrintStream err) {
        try {
            return new Outcome.Started(starter.start(env));
        } catch (ConfigException e) {
            err.println(name + ": invalid configuration: " + e.getMessage());
            return new Outcome.Failed(CONFIG_ERROR);
        } catch (Exception e) {
            Optional<KafkaRefusal> refusal = KafkaRefusal.in(e);
            if (refusal.isPresent()) {
                LOG.error(
                        "service={} failed to start reason=\"{}\"",
                        name,
                        refusal.get().describe());
            } else {
                LOG.error("service={} failed to start", name, e);
            }
            return new Outcome.Failed(START_ERROR);
        }
    }

    /** Closes the service on the way down; a failing close is logged, not thrown, so the JVM still exits. */
    static void stop(String name, AutoCloseable service) {
        LOG.info("service={} stopping", name);
        try {
            service.close();
        } catch (Exception e) {
            LOG.warn("service={} did not close cleanly: {}", name, e.toString());
        }
        LOG.info("service={} stopped", name);
    }

    private static void runUntilShutdown(String name, AutoCloseable service) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stop(name, service);
                            stopped.countDown();
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

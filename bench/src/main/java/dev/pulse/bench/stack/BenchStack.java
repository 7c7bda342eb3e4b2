package dev.pulse.bench.stack;

import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.TopicSettings;
import dev.pulse.common.topic.TopicSetup;
import dev.pulse.kafka.EmbeddedKafkaBroker;
import dev.pulse.process.Service;
import dev.pulse.process.ServiceProcess;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real broker in this JVM plus services started as their own processes from their packaged jars, each with its output
 * in a log file, stopped in reverse order on close. One per harness run, so no harness sees another's topics or load.
 */
public final class BenchStack implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path home;
    private final Path logDir;
    private final EmbeddedKafkaBroker broker;
    private final List<ServiceProcess> started = new ArrayList<>();
    private final List<PrintStream> logs = new ArrayList<>();

    private BenchStack(Path home, Path logDir, EmbeddedKafkaBroker broker) {
        this.home = home;
        this.logDir = logDir;
        this.broker = broker;
    }

    /** Starts a broker and creates the pipeline topics. */
    public static BenchStack start(Path home, Path logDir) {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start();
        TopicSetup.ensure(KafkaSettings.of(broker.bootstrapServers()), PipelineTopics.PUBLIC, TopicSettings.DEFAULT);
        return new BenchStack(home, logDir, broker);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public Path home() {
        return home;
    }

    public Path logDir() {
        return logDir;
    }

    /** Starts a service with the deployed JVM flags and waits for /health; returns it and its port. */
    public Running start(Service service, Map<String, String> extraEnv) {
        return start(service, extraEnv, ServiceProcess.DEFAULT_JVM_FLAGS);
    }

    public Running start(Service service, Map<String, String> extraEnv, List<String> jvmFlags) {
        int port = EmbeddedKafkaBroker.freePort();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put(service.portVariable(), Integer.toString(port));
        env.putAll(extraEnv);
        PrintStream log;
        try {
            log = new PrintStream(
                    new FileOutputStream(
                            logDir.resolve(service.displayName() + ".log").toFile(), true),
                    true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        logs.add(log);
        ServiceProcess process = new ServiceProcess(service, home, env, jvmFlags, log).start();
        started.add(process);
        process.awaitHealthy(port, START_TIMEOUT);
        return new Running(process, port);
    }

    /** Stops one service early (e.g. to restart the processor with other settings). */
    public void stop(Running running) {
        running.process().stop(Duration.ofSeconds(20));
        started.remove(running.process());
    }

    /** A started service and its HTTP port. */
    public record Running(ServiceProcess process, int port) {
        public long pid() {
            return process.pid();
        }

        public String baseUrl() {
            return "http://127.0.0.1:" + port;
        }
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop(Duration.ofSeconds(20));
        }
        started.clear();
        broker.close();
        logs.forEach(PrintStream::close);
    }
}

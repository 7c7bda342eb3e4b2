package dev.pulse.faults;

import dev.pulse.process.Service;
import dev.pulse.process.ServiceProcess;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One service of a scenario as its own OS process (its packaged jar, {@link ServiceProcess}), on a port fixed for its
 * life so it can be killed and started again where clients expect it. Its output goes to
 * {@code target/fault-logs/<scenario>/<name>.log}.
 */
final class ServiceNode implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String START_MARKER = "---- fault-tests: started ";

    private final String name;
    private final int port;
    private final ServiceProcess process;
    private final Path logPath;
    private final PrintStream log;
    private int starts;

    /** @param launcher words before the java command (see {@link ServiceProcess}); empty for none */
    ServiceNode(
            String scenario,
            String name,
            Service service,
            Path projectHome,
            int port,
            Map<String, String> env,
            List<String> launcher) {
        this.name = name;
        this.port = port;
        this.logPath = logPath(scenario, name);
        this.log = logFile(logPath);
        this.process = new ServiceProcess(service, projectHome, env, ServiceProcess.DEFAULT_JVM_FLAGS, launcher, log);
    }

    /** A launcher that starts the service with this open-file limit (soft and hard, so the JVM cannot raise it). */
    static List<String> withDescriptorLimit(int limit) {
        return List.of("sh", "-c", "ulimit -n " + limit + " && exec \"$@\"", "sh");
    }

    /** Starts the process and waits until it answers {@code /health}. */
    ServiceNode start() {
        launch();
        process.awaitHealthy(port, START_TIMEOUT);
        return this;
    }

    /** Starts the process without waiting for it: for a service expected to refuse to start. */
    ServiceNode launch() {
        process.start();
        starts++;
        log.println(START_MARKER + name + " pid " + process.pid());
        return this;
    }

    /**
     * The output of this node's latest start: its log file holds every start's (and earlier runs' of the suite), each
     * after a marker line.
     */
    List<String> outputOfLatestStart() throws IOException {
        log.flush();
        List<String> lines = Files.readAllLines(logPath, StandardCharsets.UTF_8);
        int marker = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(START_MARKER)) {
                marker = i;
            }
        }
        return lines.subList(marker + 1, lines.size());
    }

    /** SIGKILL: no shutdown hook, as in a crash. */
    void kill() {
        log.println("---- fault-tests: SIGKILL " + name + " pid " + process.pid());
        process.kill();
    }

    /** SIGTERM with a grace period; returns the exit code. */
    int stop() {
        return process.stop(Duration.ofSeconds(15));
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** How often this node was started (1 = never restarted). */
    int starts() {
        return starts;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.stop(Duration.ofSeconds(10));
        }
        log.flush();
    }

    /** Where the output of a scenario's service goes. */
    static Path logPath(String scenario, String name) {
        return Path.of(System.getProperty("faults.logs", "target/fault-logs"), scenario, name + ".log");
    }

    private static PrintStream logFile(Path file) {
        try {
            Files.createDirectories(file.getParent());
            return new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

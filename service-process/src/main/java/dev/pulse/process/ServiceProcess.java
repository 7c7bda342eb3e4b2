package dev.pulse.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service running as its own operating-system process, started from its packaged jar with the same java that runs
 * this JVM. It can be stopped (SIGTERM), killed (SIGKILL) and started again, which is what the dev stack and the fault
 * suite need.
 */
public final class ServiceProcess implements AutoCloseable {
    /** The JVM flags services are deployed with: config/jvm.options, which says why each is there. */
    public static final List<String> DEFAULT_JVM_FLAGS = JvmOptions.deployed();

    /**
     * Environment every service starts with unless the caller's environment sets it: two glibc malloc arenas instead of
     * up to eight per core, which the many Kafka, Jetty and HTTP client threads would otherwise each fill and keep.
     */
    public static final Map<String, String> DEFAULT_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Service service;
    private final Path projectHome;
    private final Map<String, String> environment;
    private final List<String> jvmFlags;
    private final List<String> launcher;
    private final PrintStream output;
    private Process process;

    public ServiceProcess(
            Service service,
            Path projectHome,
            Map<String, String> environment,
            List<String> jvmFlags,
            PrintStream output) {
        this(service, projectHome, environment, jvmFlags, List.of(), output);
    }

    /**
     * @param launcher words run before the java command, e.g. {@code sh -c 'ulimit -n 1024 && exec "$@"' sh}, so the
     *     service starts under limits a test sets; it must exec java (so the pid stays that of the service)
     */
    public ServiceProcess(
            Service service,
            Path projectHome,
            Map<String, String> environment,
            List<String> jvmFlags,
            List<String> launcher,
            PrintStream output) {
        this.service = service;
        this.projectHome = projectHome;
        this.environment = Map.copyOf(environment);
        this.jvmFlags = List.copyOf(jvmFlags);
        this.launcher = List.copyOf(launcher);
        this.output = output;
    }

    public synchronized ServiceProcess start() {
        List<String> command = new ArrayList<>(launcher);
        command.add(ProcessHandle.current().info().command().orElse("java"));
        CoverageAgent.fromSystemProperties().ifPresent(agent -> command.addAll(agent.jvmFlags(service)));
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(service.classpath(projectHome));
        command.add(service.mainClass());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(DEFAULT_ENVIRONMENT);
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + service.displayName(), e);
        }
        Thread.ofPlatform().daemon().name(service.displayName() + "-output").start(this::copyOutput);
        return this;
    }

    /** Waits until the service answers {@code GET /health} on its port, or fails naming the service. */
    public ServiceProcess awaitHealthy(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(1))
                .build();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IllegalStateException(service.displayName() + " exited with code " + process.exitValue());
            }
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + service.displayName(), e);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100); // polling a port; there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + service.displayName(), e);
            }
        }
        throw new IllegalStateException(service.displayName() + " did not become healthy within " + timeout);
    }

    public Service service() {
        return service;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, then SIGKILL after the grace period. Returns the exit code. */
    public synchronized int stop(Duration grace) {
        if (process == null) {
            return 0;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs, as in a crash. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(15));
    }

    private void copyOutput() {
        String prefix = String.format("%-10s| ", service.displayName());
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                output.println(prefix + line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}

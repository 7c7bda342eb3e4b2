package dev.pulse.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Docker engine for the deployment tests: the one that answers {@code docker info}, or else one this test starts
 * ({@code dockerd}, where it is installed and we are root: these machines have no systemd to start it). {@link #close}
 * stops only an engine it started.
 */
final class DockerEngine implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(30);

    private final Path home;
    private final Process started;
    private final List<String> compose;

    private DockerEngine(Path home, Process started, List<String> compose) {
        this.home = home;
        this.started = started;
        this.compose = compose;
    }

    /** An engine and a compose command, or why there is none (the caller skips with that reason). */
    static Availability find(Path home, Path logDirectory) {
        if (DockerTestMode.fromEnv() == DockerTestMode.OFF) {
            return new Availability.Missing(DockerTestMode.VARIABLE + "=0 turns the Docker tests off");
        }
        if (!Command.onPath("docker")) {
            return new Availability.Missing(
                    "no docker command on PATH (Debian: apt-get install docker.io docker-compose)");
        }
        Process started = null;
        if (!answers(home)) {
            if (!Command.onPath("dockerd") || !"root".equals(System.getProperty("user.name"))) {
                return new Availability.Missing("no Docker engine answers `docker info`, and none can be started here"
                        + " (dockerd needs root)");
            }
            try {
                Files.createDirectories(logDirectory);
                started = new ProcessBuilder("dockerd")
                        .redirectErrorStream(true)
                        .redirectOutput(logDirectory.resolve("dockerd.log").toFile())
                        .start();
            } catch (IOException e) {
                return new Availability.Missing("dockerd could not start: " + e.getMessage());
            }
            Process daemon = started;
            try {
                Awaitility.await("dockerd answering")
                        .atMost(START_LIMIT)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> !daemon.isAlive() || answers(home));
            } catch (ConditionTimeoutException e) {
                // told below
            }
            if (!daemon.isAlive() || !answers(home)) {
                daemon.destroy();
                return new Availability.Missing("dockerd did not come up in " + START_LIMIT + " (see "
                        + logDirectory.resolve("dockerd.log") + ")");
            }
        }
        Optional<List<String>> compose = composeCommand(home);
        if (compose.isEmpty()) {
            if (started != null) {
                started.destroy();
            }
            return new Availability.Missing("neither `docker compose` nor `docker-compose` is installed");
        }
        return new Availability.Present(new DockerEngine(home, started, compose.get()));
    }

    private static boolean answers(Path home) {
        return Command.of(home, "docker", "info").run(Duration.ofSeconds(20)).ok();
    }

    private static Optional<List<String>> composeCommand(Path home) {
        if (Command.of(home, "docker", "compose", "version")
                .run(Duration.ofSeconds(20))
                .ok()) {
            return Optional.of(List.of("docker", "compose"));
        }
        if (Command.onPath("docker-compose")) {
            return Optional.of(List.of("docker-compose"));
        }
        return Optional.empty();
    }

    /** {@code docker compose} or Debian's {@code docker-compose}: the words that start a compose command. */
    List<String> compose() {
        return compose;
    }

    Command.Result docker(Duration limit, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "docker";
        System.arraycopy(args, 0, argv, 1, args.length);
        return Command.of(home, argv).run(limit);
    }

    /** Stops a dockerd this test started and waits for it to exit (the next test JVM may start one of its own). */
    @Override
    public void close() {
        if (started == null) {
            return;
        }
        started.destroy();
        try {
            if (!started.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                started.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the tests can have an engine. */
    sealed interface Availability {
        record Present(DockerEngine engine) implements Availability {}

        record Missing(String reason) implements Availability {}
    }
}

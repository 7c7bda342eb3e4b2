package dev.pulse.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs a command line to its end with a time limit, its output (stdout and stderr together) kept. */
record Command(List<String> argv, Path directory, Map<String, String> environment) {

    /** What a finished command gave back. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    static Command of(Path directory, String... argv) {
        return new Command(List.of(argv), directory, Map.of());
    }

    Command withEnvironment(Map<String, String> variables) {
        return new Command(argv, directory, variables);
    }

    Result run(Duration limit) {
        ProcessBuilder builder =
                new ProcessBuilder(argv).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Path log = Files.createTempFile("pulse-command", ".log");
            try {
                Process process = builder.redirectOutput(log.toFile()).start();
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    return new Result(-1, "timed out after " + limit + ": " + Files.readString(log));
                }
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            return new Result(-1, argv.getFirst() + " could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /** Runs it and fails with its output when it does not succeed. */
    String runOrFail(Duration limit) {
        Result result = run(limit);
        if (!result.ok()) {
            throw new AssertionError(String.join(" ", argv) + " exited " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}

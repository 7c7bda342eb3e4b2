package dev.pulse.bench.load;

import dev.pulse.bench.measure.LatencySummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts {@link SseLoadClient} as a separate JVM on this JVM's classpath and talks to it over stdio. */
public final class LoadClientProcess implements AutoCloseable {
    /** A measurement window as the client reports it. */
    public record Window(long events, double eventsPerSecond, int open, LatencySummary latency) {}

    /** What the client reported once its connections were up. */
    public record Connected(int open, int failed) {}

    private final Process process;
    private final BufferedReader reader;
    private final PrintWriter writer;

    private LoadClientProcess(Process process) {
        this.process = process;
        this.reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.writer = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** {@code mode}: {@code emitted} or {@code collected} (see {@link SseLoadClient}). */
    public static LoadClientProcess start(String host, int port, String path, int clients, String mode, Path log) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of(
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                SseLoadClient.class.getName(),
                host,
                Integer.toString(port),
                path,
                Integer.toString(clients),
                mode));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new LoadClientProcess(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SSE load client", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public Connected awaitConnected() {
        String[] f = expect("CONNECTED");
        return new Connected(Integer.parseInt(f[1]), Integer.parseInt(f[2]));
    }

    /** Measures for the given time and returns the client's window. */
    public Window measure(Duration duration) {
        writer.println("measure " + Math.max(1, duration.toSeconds()));
        String[] f = expect("WINDOW");
        return new Window(
                Long.parseLong(f[1]), Double.parseDouble(f[2]), Integer.parseInt(f[3]), LatencySummary.parse(f, 4));
    }

    private String[] expect(String word) {
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith(word + " ")) {
                    return line.split(" ");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("the SSE load client ended before " + word);
    }

    @Override
    public void close() {
        writer.println("quit");
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

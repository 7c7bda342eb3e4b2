package dev.pulse.bench.report;

import dev.pulse.bench.measure.ProcessStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Where and when a run happened: machine, JDK, git revision, command, load. */
public record RunInfo(
        Instant startedAt,
        String command,
        String gitRevision,
        String cpu,
        int cores,
        long memoryMb,
        String os,
        String jdk,
        double loadAtStart) {

    public static RunInfo capture(Path home, String command) {
        return new RunInfo(
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                command,
                git(home),
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                memTotalMb(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                ProcessStats.loadAverage());
    }

    private static String git(Path home) {
        try {
            Process rev = new ProcessBuilder("git", "-C", home.toString(), "rev-parse", "--short", "HEAD")
                    .redirectErrorStream(true)
                    .start();
            String hash = new String(rev.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            rev.waitFor(10, TimeUnit.SECONDS);
            Process status = new ProcessBuilder(
                            "git", "-C", home.toString(), "status", "--porcelain", "--untracked-files=no")
                    .redirectErrorStream(true)
                    .start();
            boolean dirty = !new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank();
            status.waitFor(10, TimeUnit.SECONDS);
            return hash + (dirty ? " (with uncommitted changes)" : "");
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            return lines.stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long memTotalMb() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D+", "")) / 1024)
                    .findFirst()
                    .orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }
}

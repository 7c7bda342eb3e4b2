package dev.pulse.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory and CPU time of any process, from {@code /proc} (Linux): the same view an operator has, for JVMs and
 * Node alike.
 */
public final class ProcessStats {
    /** USER_HZ: clock ticks per second in /proc/<pid>/stat; 100 on every Linux we run on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {}

    /** VmRSS in bytes, or -1 when the process is gone. */
    public static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** User + system CPU seconds used so far, or NaN when the process is gone. */
    public static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may contain spaces: fields are counted after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Open file descriptors of the process (sockets included), or -1. */
    public static int openFds(long pid) {
        String[] names = Path.of("/proc", Long.toString(pid), "fd").toFile().list();
        return names == null ? -1 : names.length;
    }

    /** CPU use between two readings, as percent of one core. */
    public record CpuWindow(long pid, double cpuStart, long nanosStart) {
        public static CpuWindow start(long pid) {
            return new CpuWindow(pid, cpuSeconds(pid), System.nanoTime());
        }

        public double percentOfCore() {
            double seconds = (System.nanoTime() - nanosStart) / 1e9;
            return 100.0 * (cpuSeconds(pid) - cpuStart) / seconds;
        }
    }

    /** The machine's 1-minute load average, from /proc/loadavg. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}

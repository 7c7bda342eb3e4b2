package dev.pulse.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Sizes of one benchmark run. Three profiles: {@code smoke} (seconds; the test suite runs it so no harness rots),
 * {@code quick} (a few minutes) and {@code full} (bounded, about 20 minutes).
 */
public record BenchOptions(
        String profile,
        Path home,
        Path logDir,
        Set<Part> parts,
        boolean peer,
        int repetitions,
        Duration window,
        Duration warmup,
        List<Integer> e2eRates,
        List<ProcessingSetting> sweep,
        int sweepRate,
        List<ProcessingSetting> pollSweep,
        List<Integer> pollRates,
        List<Integer> fanoutClients,
        List<Integer> peerClients,
        int fanoutEventsPerSecond,
        int throughputReadings,
        int sweepThroughputReadings,
        int jmhIterations,
        Duration jmhTime,
        Duration budgetWindow,
        int outages) {

    /** The four harnesses of issue 9, the JMH hot paths and the poll sweep of issue 17. */
    public enum Part {
        E2E,
        POLL,
        FANOUT,
        THROUGHPUT,
        JMH,
        BUDGETS
    }

    public static final List<ProcessingSetting> FULL_SWEEP = List.of(
            ProcessingSetting.eos(100),
            ProcessingSetting.eos(50),
            ProcessingSetting.eos(20),
            ProcessingSetting.eos(10),
            ProcessingSetting.eos(20).withRetryBackoff(10),
            ProcessingSetting.alos(100));

    /** Kafka Streams' poll.ms from its default down to 1 ms, at the shipped commit interval and a longer one. */
    public static final List<ProcessingSetting> POLL_SWEEP = List.of(
            ProcessingSetting.eos(20).withPoll(100),
            ProcessingSetting.eos(20).withPoll(20),
            ProcessingSetting.eos(20).withPoll(5),
            ProcessingSetting.eos(20).withPoll(1),
            ProcessingSetting.eos(50).withPoll(100),
            ProcessingSetting.eos(50).withPoll(20),
            ProcessingSetting.eos(50).withPoll(5),
            ProcessingSetting.eos(50).withPoll(1));

    /** The poll sweep's rates: the lowest is also where the processor's idle CPU is read. */
    public static final List<Integer> POLL_RATES = List.of(1, 100);

    public static BenchOptions profile(String name, Path home, Set<Part> parts, boolean peer) {
        Path logs = home.resolve("bench/target/bench-logs");
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "smoke" ->
                new BenchOptions(
                        "smoke",
                        home,
                        logs,
                        parts,
                        peer,
                        1,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(2),
                        List.of(30),
                        List.of(ProcessingSetting.eos(20)),
                        30,
                        List.of(ProcessingSetting.eos(20).withPoll(5)),
                        List.of(30),
                        List.of(20),
                        List.of(5),
                        5,
                        1_000,
                        0,
                        1,
                        Duration.ofMillis(200),
                        Duration.ofSeconds(4),
                        1);
            case "quick" ->
                new BenchOptions(
                        "quick",
                        home,
                        logs,
                        parts,
                        peer,
                        3,
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(6),
                        List.of(1, 100, 1000),
                        FULL_SWEEP,
                        100,
                        POLL_SWEEP,
                        POLL_RATES,
                        List.of(50, 250, 1000, 5000),
                        List.of(50, 250, 1000),
                        9,
                        40_000,
                        5_000,
                        3,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(20),
                        2);
            case "full" ->
                new BenchOptions(
                        "full",
                        home,
                        logs,
                        parts,
                        peer,
                        3,
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(8),
                        List.of(1, 100, 1000),
                        FULL_SWEEP,
                        100,
                        POLL_SWEEP,
                        POLL_RATES,
                        List.of(50, 250, 1000, 5000, 10_000),
                        List.of(50, 250, 500, 1000, 2000),
                        9,
                        200_000,
                        20_000,
                        5,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(60),
                        3);
            default -> throw new IllegalArgumentException("unknown profile " + name + ": smoke, quick or full");
        };
    }

    public static Set<Part> allParts() {
        return EnumSet.allOf(Part.class);
    }

    public boolean runs(Part part) {
        return parts.contains(part);
    }
}

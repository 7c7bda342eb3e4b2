package dev.pulse.bench.e2e;

import dev.pulse.bench.BenchOptions;
import dev.pulse.bench.ProcessingSetting;
import dev.pulse.bench.measure.Figure;
import dev.pulse.bench.stack.BenchStack;
import dev.pulse.bench.stack.BenchStack.Running;
import dev.pulse.process.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 17.1: Kafka Streams' {@code poll.ms} × the commit interval under exactly-once, end to end through the real
 * processor as {@link EndToEndBench} measures it, at low rates, where an idle stream thread waiting in poll holds each
 * commit. The processor's CPU at the lowest rate is its idle cost: what a shorter poll pays in wake-ups.
 */
public final class PollSweepBench {
    /** One setting: its end-to-end results by rate, lowest rate first. */
    public record Point(ProcessingSetting setting, List<EndToEndBench.Result> byRate) {
        public Optional<EndToEndBench.Result> at(int rate) {
            return byRate.stream().filter(r -> r.rate() == rate).findFirst();
        }

        /** The processor's CPU at the lowest rate measured (% of a core). */
        public Figure idleCpu() {
            return byRate.getFirst().processorCpu();
        }

        /** The worst p99 over the rates (ms). */
        public double worstP99() {
            return byRate.stream().mapToDouble(r -> r.p99().median()).max().orElse(Double.NaN);
        }
    }

    /** Everything this harness measured. */
    public record Outcome(Figure floorP50, Figure floorP99, List<Integer> rates, List<Point> points) {}

    private final BenchOptions options;

    public PollSweepBench(BenchOptions options) {
        this.options = options;
    }

    public Outcome run() throws Exception {
        EndToEndBench e2e = new EndToEndBench(options);
        try (BenchStack stack =
                BenchStack.start(options.home(), options.logDir().resolve("poll"))) {
            RoundTripFloor.Repeated floor =
                    RoundTripFloor.repeated(stack.bootstrapServers(), options.repetitions(), options.window());
            Running simulator = stack.start(Service.SIMULATOR, Map.of());
            Running gateway = stack.start(Service.GATEWAY, Map.of("GATEWAY_MAX_CLIENTS_PER_IP", "100"));
            Path stateDir = Files.createTempDirectory("pulse-bench-poll-");
            List<Integer> rates =
                    options.pollRates().stream().sorted().distinct().toList();
            List<List<EndToEndBench.Result>> byRate = new ArrayList<>();
            options.pollSweep().forEach(s -> byRate.add(new ArrayList<>()));
            try (DashboardTail tail = new DashboardTail(stack.bootstrapServers())) {
                // Rate by rate, so the collector restarts once per rate, not once per setting.
                for (int rate : rates) {
                    Running collector = stack.start(
                            Service.COLLECTOR, EngineFleet.forRate(rate).collectorEnv(simulator.baseUrl()));
                    for (int i = 0; i < options.pollSweep().size(); i++) {
                        byRate.get(i)
                                .add(e2e.measure(
                                        stack, stateDir, options.pollSweep().get(i), rate, gateway, tail));
                    }
                    stack.stop(collector);
                }
            }
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < options.pollSweep().size(); i++) {
                points.add(new Point(options.pollSweep().get(i), List.copyOf(byRate.get(i))));
            }
            return new Outcome(floor.p50(), floor.p99(), rates, points);
        }
    }

    /**
     * The setting to ship: of those whose p99 is under {@code limitMs} at every rate, the longest poll and then the
     * longest commit interval (fewest idle wake-ups and transactions); if none is, the one with the lowest worst p99.
     */
    public static Optional<ProcessingSetting> choose(List<Point> points, double limitMs) {
        Comparator<Point> cheapest = Comparator.<Point>comparingInt(
                        p -> p.setting().pollMs())
                .thenComparingInt(p -> p.setting().commitMs());
        return points.stream()
                .filter(p -> p.worstP99() < limitMs)
                .max(cheapest)
                .or(() -> points.stream()
                        .filter(p -> !Double.isNaN(p.worstP99()))
                        .min(Comparator.comparingDouble(Point::worstP99)))
                .map(Point::setting);
    }
}

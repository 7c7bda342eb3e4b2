package dev.pulse.bench.jmh;

import dev.pulse.bench.BenchOptions;
import dev.pulse.bench.measure.Figure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs {@link HotPathBenchmarks} in a forked JVM with the GC profiler (allocation per operation). */
public final class JmhRunner {
    /** One benchmark: time per reading over the iterations, and bytes allocated per reading. */
    public record HotPath(String name, Figure nanosPerOp, double bytesPerOp) {}

    private JmhRunner() {}

    public static List<HotPath> run(BenchOptions options) throws Exception {
        Options jmh = new OptionsBuilder()
                .include(HotPathBenchmarks.class.getName())
                .forks(1)
                .warmupIterations(Math.max(1, options.jmhIterations() - 1))
                .warmupTime(TimeValue.milliseconds(options.jmhTime().toMillis()))
                .measurementIterations(options.jmhIterations())
                .measurementTime(TimeValue.milliseconds(options.jmhTime().toMillis()))
                .jvmArgsAppend("-XX:+UseSerialGC", "-Xmx256m")
                .addProfiler(GCProfiler.class)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(jmh).run();
        List<HotPath> paths = new ArrayList<>();
        for (RunResult result : results) {
            var primary = result.getPrimaryResult();
            var stats = primary.getStatistics();
            List<Double> iterations = new ArrayList<>();
            result.getBenchmarkResults()
                    .forEach(b -> b.getIterationResults()
                            .forEach(i -> iterations.add(i.getPrimaryResult().getScore())));
            Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
            String name = result.getParams().getBenchmark();
            paths.add(new HotPath(
                    name.substring(name.lastIndexOf('.') + 1),
                    iterations.isEmpty() ? Figure.single(stats.getMean()) : Figure.of(iterations),
                    alloc == null ? Double.NaN : alloc.getScore()));
        }
        return paths;
    }
}

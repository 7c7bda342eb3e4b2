package dev.pulse.bench;

import dev.pulse.bench.BenchOptions.Part;
import dev.pulse.bench.budget.BudgetBench;
import dev.pulse.bench.e2e.EndToEndBench;
import dev.pulse.bench.e2e.PollSweepBench;
import dev.pulse.bench.fanout.FanOutBench;
import dev.pulse.bench.jmh.JmhRunner;
import dev.pulse.bench.report.BenchmarksFile;
import dev.pulse.bench.report.PollSweepReport;
import dev.pulse.bench.report.Reports;
import dev.pulse.bench.report.RunInfo;
import dev.pulse.bench.report.Section;
import dev.pulse.bench.throughput.ThroughputBench;
import dev.pulse.processor.ProcessorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one benchmark command (bin/bench): runs the harnesses of issue 9, prints the summary table and writes
 * BENCHMARKS.md. A harness that fails is reported in its section; the others still run.
 *
 * <p>Options: {@code --quick | --full | --smoke}, {@code --only=e2e,poll,fanout,throughput,jmh,budgets},
 * {@code --no-peer}, {@code --out=FILE} (default BENCHMARKS.md in the checkout; none for --smoke).
 */
public final class BenchMain {
    private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);

    /** What a run produced. */
    public record Run(List<Section> sections, String markdown, List<String> failures) {}

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        String profile = "full";
        EnumSet<Part> parts = EnumSet.allOf(Part.class);
        boolean peer = true;
        Optional<Path> out = Optional.empty();
        Path home =
                Path.of(System.getProperty("pulse.home", ".")).toAbsolutePath().normalize();
        for (String arg : args) {
            if (arg.equals("--quick") || arg.equals("--full") || arg.equals("--smoke")) {
                profile = arg.substring(2);
            } else if (arg.startsWith("--only=")) {
                parts = EnumSet.noneOf(Part.class);
                for (String p : arg.substring(7).split(",")) {
                    parts.add(Part.valueOf(p.strip().toUpperCase(Locale.ROOT)));
                }
            } else if (arg.equals("--no-peer")) {
                peer = false;
            } else if (arg.startsWith("--out=")) {
                out = Optional.of(Path.of(arg.substring(6)));
            } else {
                System.err.println("bench: unknown option " + arg
                        + " (--quick|--full|--smoke, --only=e2e,poll,fanout,throughput,jmh,budgets,"
                        + " --no-peer, --out=FILE)");
                System.exit(2);
            }
        }
        if (out.isEmpty() && !profile.equals("smoke")) {
            out = Optional.of(home.resolve("BENCHMARKS.md"));
        }
        String command = "bin/bench" + (args.length == 0 ? "" : " " + String.join(" ", args));
        Run run = run(BenchOptions.profile(profile, home, parts, peer), command);
        System.out.println();
        System.out.print(BenchmarksFile.console(run.sections()));
        if (out.isPresent()) {
            Files.writeString(out.get(), run.markdown());
            System.out.println("\nwrote " + out.get());
        }
        run.failures().forEach(f -> System.out.println("FAILED: " + f));
        System.exit(run.failures().isEmpty() ? 0 : 1);
    }

    public static Run run(BenchOptions options, String command) throws IOException {
        RunInfo info = RunInfo.capture(options.home(), command);
        long start = System.nanoTime();
        Files.createDirectories(options.logDir());
        List<Section> sections = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        String shipped = "EOS, commit " + ProcessorConfig.DEFAULT_COMMIT_INTERVAL.toMillis() + " ms";
        ProcessingSetting shippedSetting =
                ProcessingSetting.eos((int) ProcessorConfig.DEFAULT_COMMIT_INTERVAL.toMillis());

        ThroughputBench.Outcome throughput = null;
        List<JmhRunner.HotPath> hotPaths = List.of();
        if (options.runs(Part.THROUGHPUT)) {
            throughput = attempt("throughput", failures, () -> new ThroughputBench(options).run(shippedSetting));
        }
        if (options.runs(Part.JMH)) {
            hotPaths = Optional.ofNullable(attempt("jmh", failures, () -> JmhRunner.run(options)))
                    .orElse(List.of());
        }
        if (options.runs(Part.E2E)) {
            EndToEndBench.Outcome e2e = attempt("e2e", failures, () -> new EndToEndBench(options).run());
            if (e2e != null) {
                sections.add(Reports.endToEnd(e2e, Optional.ofNullable(throughput), shipped));
            }
        }
        if (options.runs(Part.POLL)) {
            ProcessingSetting shippedPoll =
                    shippedSetting.withPoll((int) ProcessorConfig.DEFAULT_POLL_INTERVAL.toMillis());
            PollSweepBench.Outcome poll = attempt("poll", failures, () -> new PollSweepBench(options).run());
            if (poll != null) {
                sections.add(PollSweepReport.section(poll, shippedPoll));
            }
        }
        if (options.runs(Part.FANOUT)) {
            FanOutBench.Outcome fanOut = attempt("fanout", failures, () -> new FanOutBench(options).run());
            if (fanOut != null) {
                sections.add(Reports.fanOut(fanOut));
            }
        }
        if (throughput != null || !hotPaths.isEmpty()) {
            sections.add(Reports.throughput(throughput, hotPaths));
        }
        if (options.runs(Part.BUDGETS)) {
            List<BudgetBench.Outcome> budgets = new ArrayList<>();
            for (BudgetBench.Flags flags : List.of(BudgetBench.Flags.DEPLOYED, BudgetBench.Flags.WITH_C2)) {
                Optional.ofNullable(
                                attempt("budgets " + flags.name(), failures, () -> new BudgetBench(options).run(flags)))
                        .ifPresent(budgets::add);
            }
            if (!budgets.isEmpty()) {
                sections.add(Reports.budgets(budgets));
            }
        }
        for (String failure : failures) {
            sections.add(new Section("Failed: " + failure.split(":")[0])
                    .text("This harness failed in this run: `" + failure + "` (logs in " + options.logDir() + ")."));
        }
        String markdown =
                BenchmarksFile.markdown(info, options.profile(), sections, Duration.ofNanos(System.nanoTime() - start));
        return new Run(sections, markdown, failures);
    }

    private interface Harness<T> {
        T run() throws Exception;
    }

    private static <T> T attempt(String name, List<String> failures, Harness<T> harness) {
        LOG.info("bench part={} starting", name);
        long start = System.nanoTime();
        try {
            T result = harness.run();
            LOG.info("bench part={} done in {}s", name, (System.nanoTime() - start) / 1_000_000_000);
            return result;
        } catch (Exception | Error e) {
            LOG.error("bench part={} failed", name, e);
            failures.add(name + ": " + e);
            return null;
        }
    }
}

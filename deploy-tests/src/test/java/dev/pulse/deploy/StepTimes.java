package dev.pulse.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/** How long each step of a deployment test took, printed as it goes and as a table at the end. */
final class StepTimes {
    private final String title;
    private final Map<String, Long> millis = new LinkedHashMap<>();

    StepTimes(String title) {
        this.title = title;
    }

    /** Runs one step and prints its time. */
    <T> T time(String step, ThrowingSupplier<T> body) throws Exception {
        long start = System.nanoTime();
        try {
            return body.get();
        } finally {
            long took = (System.nanoTime() - start) / 1_000_000;
            millis.put(step, took);
            System.out.printf("[%s] %-48s %7.1f s%n", title, step, took / 1000.0);
        }
    }

    void time(String step, ThrowingRunnable body) throws Exception {
        time(step, () -> {
            body.run();
            return null;
        });
    }

    /** A step timed elsewhere (e.g. between two callbacks), in nanoseconds. */
    void record(String step, long nanos) {
        long took = nanos / 1_000_000;
        millis.put(step, took);
        System.out.printf("[%s] %-48s %7.1f s%n", title, step, took / 1000.0);
    }

    void print() {
        System.out.printf("[%s] step times:%n", title);
        millis.forEach((step, took) -> System.out.printf("  %-48s %7.1f s%n", step, took / 1000.0));
        System.out.printf(
                "  %-48s %7.1f s%n",
                "total", millis.values().stream().mapToLong(Long::longValue).sum() / 1000.0);
    }

    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}

package dev.pulse.bench.measure;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One measured quantity over several repetitions: the median is the headline, min and max show the spread (these
 * machines are noisy).
 */
public record Figure(double median, double min, double max, int repetitions) {

    public static Figure of(List<Double> values) {
        double[] sorted = values.stream()
                .mapToDouble(Double::doubleValue)
                .filter(v -> !Double.isNaN(v))
                .sorted()
                .toArray();
        if (sorted.length == 0) {
            return new Figure(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Figure(median, sorted[0], sorted[n - 1], n);
    }

    public static Figure single(double value) {
        return of(List.of(value));
    }

    /** The ratio of medians, with the spread of the worst and best pairing. */
    public Figure over(Figure base) {
        double[] bounds = {min / base.max, max / base.min};
        Arrays.sort(bounds);
        return new Figure(median / base.median, bounds[0], bounds[1], Math.min(repetitions, base.repetitions));
    }

    public boolean isMissing() {
        return Double.isNaN(median);
    }

    /** {@code 12.3 (11.0–14.1)} with the given number of decimals; a single repetition shows no range. */
    public String format(int decimals) {
        if (isMissing()) {
            return "n/a";
        }
        String f = "%." + decimals + "f";
        String m = String.format(Locale.ROOT, f, median);
        if (repetitions <= 1 || min == max) {
            return m;
        }
        return m + " (" + String.format(Locale.ROOT, f, min) + "–" + String.format(Locale.ROOT, f, max) + ")";
    }

    @Override
    public String toString() {
        return format(2);
    }
}

package dev.pulse.engine.model;

import java.util.SplittableRandom;

/**
 * A mean-reverting random walk kept inside [min, max]. Steps scale with the square root of the elapsed time, so a
 * reading taken 5 s after the last one moves further than one taken 100 ms after it: values are correlated in time
 * whatever the poll interval.
 */
final class Walk {
    private final double min;
    private final double max;
    /** Standard deviation of the change over one second, as a fraction of the range. */
    private final double volatility;

    private final double mean;
    private double value;

    Walk(SplittableRandom random, double min, double max, double volatility) {
        this.min = min;
        this.max = max;
        this.volatility = volatility;
        this.mean = min + (max - min) * (0.3 + 0.4 * random.nextDouble());
        this.value = mean;
    }

    double value() {
        return value;
    }

    void advance(SplittableRandom random, double seconds) {
        if (seconds <= 0) {
            return;
        }
        double range = max - min;
        double shock = gaussian(random) * volatility * range * Math.sqrt(seconds);
        // A gentle pull towards the mean keeps the walk from sticking to a bound for long.
        double pull = (mean - value) * Math.min(1.0, 0.05 * seconds);
        value = Math.clamp(value + shock + pull, min, max);
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian before JDK 17's RandomGenerator default.
        double u1 = Math.max(random.nextDouble(), 1e-12);
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}

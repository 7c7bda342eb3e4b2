package dev.pulse.processor.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.FieldStats;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FieldSummaryTest {

    @Test
    void shouldComputeMinMaxMeanAndP95ByNearestRank() {
        assertThat(summaryOf(50, 15, 40, 20, 35).stats()).isEqualTo(new FieldStats(15, 50, 32, 50));
        assertThat(summaryOf(IntStream.rangeClosed(1, 100).asDoubleStream().toArray())
                        .stats())
                .isEqualTo(new FieldStats(1, 100, 50.5, 95));
        assertThat(summaryOf(7).stats()).isEqualTo(new FieldStats(7, 7, 7, 7));
    }

    @Test
    void shouldMatchASortOfEveryValueForAnyWindowUpToTheExactLimit() {
        // given random windows of many lengths, negative values and duplicates included
        Random random = new Random(42);
        for (int n : List.of(1, 2, 19, 20, 21, 39, 40, 41, 99, 100, 101, 1000, FieldSummary.EXACT_UP_TO)) {
            double[] values = DoubleStream.generate(() -> Math.round(random.nextGaussian() * 1000) / 10.0)
                    .limit(n)
                    .toArray();

            // when
            FieldStats stats = summaryOf(values).stats();

            // then the p95 is the ⌈0.95·n⌉-th smallest value, as a full sort finds it
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            assertThat(stats.p95())
                    .as("p95 of %d values", n)
                    .isEqualTo(sorted[(int) FieldSummary.ceilOf95Percent(n) - 1]);
            assertThat(stats.min()).isEqualTo(sorted[0]);
            assertThat(stats.max()).isEqualTo(sorted[n - 1]);
        }
    }

    @Test
    void shouldKeepBoundedSpaceAndReportAnUpperBoundBeyondTheExactLimit() {
        // given a window longer than the exact limit
        int n = FieldSummary.EXACT_UP_TO * 3;
        double[] values = IntStream.rangeClosed(1, n).asDoubleStream().toArray();

        // when
        FieldSummary summary = summaryOf(values);

        // then it keeps only the largest values, and its p95 is at or above the true one
        assertThat(summary.largest()).hasSize(FieldSummary.LARGEST_KEPT);
        assertThat(summary.count()).isEqualTo(n);
        assertThat(summary.stats().p95()).isGreaterThanOrEqualTo(FieldSummary.ceilOf95Percent(n));
        assertThat(summary.stats().mean()).isEqualTo((n + 1) / 2.0);
    }

    @Test
    void shouldComputeTheRankWithoutFloatingPointError() {
        assertThat(FieldSummary.ceilOf95Percent(20)).isEqualTo(19);
        assertThat(FieldSummary.ceilOf95Percent(21)).isEqualTo(20);
        assertThat(FieldSummary.ceilOf95Percent(100)).isEqualTo(95);
        assertThat(FieldSummary.ceilOf95Percent(1)).isEqualTo(1);
    }

    private static FieldSummary summaryOf(double... values) {
        FieldSummary summary = FieldSummary.of(values[0]);
        for (int i = 1; i < values.length; i++) {
            summary = summary.plus(values[i]);
        }
        return summary;
    }
}

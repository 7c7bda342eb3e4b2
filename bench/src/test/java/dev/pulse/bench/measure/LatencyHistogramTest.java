package dev.pulse.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void shouldSummariseByNearestRankInMilliseconds() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int ms = 1; ms <= 1000; ms++) {
            histogram.record(TimeUnit.MILLISECONDS.toNanos(ms));
        }

        LatencySummary summary = histogram.summary();

        assertThat(summary.count()).isEqualTo(1000);
        // three significant digits: within 0.1 % of the exact rank
        assertThat(summary.p50()).isCloseTo(500, within(0.5));
        assertThat(summary.p95()).isCloseTo(950, within(1.0));
        assertThat(summary.p99()).isCloseTo(990, within(1.0));
        assertThat(summary.max()).isCloseTo(1000, within(1.0));
    }

    @Test
    void shouldKeepMicrosecondsForSmallLatencies() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(TimeUnit.MICROSECONDS.toNanos(250));

        assertThat(histogram.summary().max()).isEqualTo(0.25);
    }

    @Test
    void shouldCountANegativeLatencyAsZeroAndForgetOnReset() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(-5_000_000);
        assertThat(histogram.summary().max()).isZero();

        histogram.reset();

        assertThat(histogram.summary()).isEqualTo(LatencySummary.EMPTY);
    }
}

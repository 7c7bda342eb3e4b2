package dev.pulse.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * The switch for the opt-in tests on three Kafka nodes ({@code PULSE_CLUSTER_TESTS=1}): three broker JVMs beside the
 * services take about a minute per test on two cores, more than the README's test command can give them all.
 */
public final class ClusterTests {
    private ClusterTests() {}

    public static boolean enabled() {
        return "1".equals(System.getenv("PULSE_CLUSTER_TESTS"));
    }

    /** Skips the calling test unless {@link #enabled()}. */
    public static void assumeEnabled() {
        Assumptions.assumeTrue(enabled(), "PULSE_CLUSTER_TESTS=1 runs the three-broker cluster tests: skipping");
    }
}

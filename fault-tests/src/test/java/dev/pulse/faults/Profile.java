package dev.pulse.faults;

import org.junit.jupiter.api.Assumptions;

/**
 * The default profile keeps the suite short; {@code -Dfaults.full=true} runs the full figures (a 60 s engine
 * outage, 10 processor kills, longer broker outage and fuzz run), and {@code PULSE_CLUSTER_TESTS=1} the scenarios on
 * three Kafka nodes beyond the test command's one. See docs/faults.md.
 */
final class Profile {
    private Profile() {}

    /** {@code PULSE_CLUSTER_TESTS=1}: three broker JVMs beside the services take about a minute per scenario. */
    static boolean clusterTests() {
        return "1".equals(System.getenv("PULSE_CLUSTER_TESTS"));
    }

    /** Skips the calling test unless {@link #clusterTests()}. */
    static void assumeClusterTests() {
        Assumptions.assumeTrue(
                clusterTests(), "PULSE_CLUSTER_TESTS=1 runs the three-broker cluster scenarios: skipping");
    }

    static boolean full() {
        return Boolean.getBoolean("faults.full");
    }

    /** {@code fast} in the default profile, {@code full} with -Dfaults.full=true. */
    static int pick(int fast, int full) {
        return full() ? full : fast;
    }
}

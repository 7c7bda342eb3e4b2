package dev.pulse.faults;

/**
 * The default profile keeps the suite short; {@code -Dfaults.full=true} runs the full figures (a 60 s engine
 * outage, 10 processor kills, longer broker outage and fuzz run). See docs/faults.md.
 */
final class Profile {
    private Profile() {}

    static boolean full() {
        return Boolean.getBoolean("faults.full");
    }

    /** {@code fast} in the default profile, {@code full} with -Dfaults.full=true. */
    static int pick(int fast, int full) {
        return full() ? full : fast;
    }
}

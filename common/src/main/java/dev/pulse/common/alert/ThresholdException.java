package dev.pulse.common.alert;

/** A threshold entry that cannot be used: the entry as written and what was expected instead. */
public final class ThresholdException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String entry;
    private final String expected;

    public ThresholdException(String entry, String expected) {
        super("threshold '" + entry + "': expected " + expected, null, false, false);
        this.entry = entry;
        this.expected = expected;
    }

    public String entry() {
        return entry;
    }

    public String expected() {
        return expected;
    }
}

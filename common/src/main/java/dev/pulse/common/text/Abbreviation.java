package dev.pulse.common.text;

/**
 * The one rule for shortening a value quoted in an error, a log line or a header: keep the start, mark the cut with
 * "…", never exceed the limit. Hostile input can be megabytes; what quotes it stays small.
 */
public final class Abbreviation {
    private static final String MARK = "…";

    private Abbreviation() {}

    /**
     * The text itself when at most {@code maxLength} characters long, else its start and "…", {@code maxLength} in all.
     */
    public static String abbreviate(String text, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2, was " + maxLength);
        }
        if (text.length() <= maxLength) {
            return text;
        }
        int cut = maxLength - MARK.length();
        // Never keep half of a surrogate pair.
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut) + MARK;
    }
}

package dev.pulse.gateway.fanout;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The engine ids a client may see: patterns of engine-id characters where {@code *} stands for any run of them
 * ({@code engine-*}, {@code *}). Applied on top of the engines the client asked for, in the live fan-out, replays and
 * the snapshot alike.
 */
public final class EngineScope {
    /** Every engine. */
    public static final EngineScope ALL = new EngineScope(List.of("*"));

    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._*-]{1,64}");

    private final List<String> patterns;
    private final Pattern regex;
    private final boolean all;

    private EngineScope(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.all = patterns.contains("*");
        this.regex = Pattern.compile(patterns.stream()
                .map(p -> Pattern.quote(p).replace("*", "\\E.*\\Q"))
                .collect(Collectors.joining("|")));
    }

    /** @throws IllegalArgumentException for a pattern with other characters, or none at all */
    public static EngineScope of(List<String> patterns) {
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("no engine pattern");
        }
        for (String pattern : patterns) {
            if (!PATTERN.matcher(pattern).matches()) {
                throw new IllegalArgumentException(
                        "engine pattern '" + pattern + "' is not 1-64 characters of A-Z a-z 0-9 . _ - and *");
            }
        }
        return patterns.contains("*") ? ALL : new EngineScope(patterns);
    }

    public boolean isAll() {
        return all;
    }

    /** True when the engine may be seen; a record without an engine only by a client that may see every engine. */
    public boolean allows(String engineId) {
        return all || (engineId != null && regex.matcher(engineId).matches());
    }

    public List<String> patterns() {
        return patterns;
    }

    @Override
    public String toString() {
        return String.join(",", patterns);
    }
}

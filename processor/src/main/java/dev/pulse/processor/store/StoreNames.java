package dev.pulse.processor.store;

import dev.pulse.common.model.StreamName;

/**
 * The processor's state stores, two per stream, both changelogged (topics
 * {@code <application.id>-<store>-changelog}) so a new instance restores them.
 */
public final class StoreNames {
    public static final String ANALYTICS_LAST_GOOD = "analytics-last-good-store";
    public static final String MEMORY_LAST_GOOD = "memory-last-good-store";
    public static final String GRAPH_LAST_GOOD = "graph-last-good-store";
    public static final String ANALYTICS_WINDOW = "analytics-window-store";
    public static final String MEMORY_WINDOW = "memory-window-store";
    public static final String GRAPH_WINDOW = "graph-window-store";

    private StoreNames() {}

    /** Last-known-good values and engine status per engine. */
    public static String lastGood(StreamName stream) {
        return switch (stream) {
            case ANALYTICS -> ANALYTICS_LAST_GOOD;
            case MEMORY -> MEMORY_LAST_GOOD;
            case GRAPH -> GRAPH_LAST_GOOD;
        };
    }

    /** Open windows and the last completed one per engine. */
    public static String window(StreamName stream) {
        return switch (stream) {
            case ANALYTICS -> ANALYTICS_WINDOW;
            case MEMORY -> MEMORY_WINDOW;
            case GRAPH -> GRAPH_WINDOW;
        };
    }
}

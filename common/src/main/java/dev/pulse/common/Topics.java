package dev.pulse.common;

import java.util.List;

/**
 * Every topic the pipeline reads or writes. These names are a public contract: other services subscribe to the
 * dashboard topics (see docs/topics.md for their schema).
 */
public final class Topics {
    /** Raw readings as collected; key = engine id. */
    public static final String RAW = "engine.readings.raw";
    /** Raw records that failed parsing or validation, unchanged, with the reason in headers. */
    public static final String DLQ = "engine.readings.dlq";

    public static final String ANALYTICS = "dashboard.analytics";
    public static final String MEMORY = "dashboard.memory";
    public static final String GRAPH = "dashboard.graph";

    public static final List<String> DASHBOARD = List.of(ANALYTICS, MEMORY, GRAPH);

    private Topics() {}
}

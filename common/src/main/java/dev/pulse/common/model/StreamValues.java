package dev.pulse.common.model;

import java.time.Instant;
import java.util.Map;

/** The validated values of one reading of one stream. */
public sealed interface StreamValues permits AnalyticsValues, MemoryValues, GraphValues {

    /** When the engine says it took the reading. */
    Instant timestamp();

    /** Every numeric field by its wire name, in a stable order: what windows aggregate. */
    Map<String, Double> numericFields();
}

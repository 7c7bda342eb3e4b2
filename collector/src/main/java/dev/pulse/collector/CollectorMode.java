package dev.pulse.collector;

/** Where readings come from ({@code COLLECTOR_MODE}). */
public enum CollectorMode {
    /** Poll the engines over HTTP. */
    REAL,
    /** Generate readings in-process with the simulator's model: demos without an engine. */
    SIMULATED
}

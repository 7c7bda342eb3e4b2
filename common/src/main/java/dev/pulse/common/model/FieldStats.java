package dev.pulse.common.model;

/** Statistics of one numeric field over a window. */
public record FieldStats(double min, double max, double mean, double p95) {}

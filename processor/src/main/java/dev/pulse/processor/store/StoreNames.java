package dev.pulse.processor.store;

/**
 * The processor's state store. One store for all three streams (not two per stream, as before): every changelogged
 * store adds its partitions to each exactly-once transaction, and the commit's cost grows with them (see
 * docs/bench-findings-2026-11.md).
 */
public final class StoreNames {
    /**
     * {@link StreamState} per engine and stream; changelog topic {@code <application.id>-stream-state-store-changelog}.
     */
    public static final String STREAM_STATE = "stream-state-store";

    private StoreNames() {}
}

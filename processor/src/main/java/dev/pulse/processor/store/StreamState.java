package dev.pulse.processor.store;

import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.processor.lastgood.LastGood;
import dev.pulse.processor.window.WindowState;
import java.util.Objects;

/**
 * Everything the processor keeps about one engine's stream (the value of {@link StoreNames#STREAM_STATE}, key
 * {@link #key}): its last-known-good values and its windows, one record so that a reading costs one store write and one
 * changelog record.
 */
public record StreamState(StreamName stream, LastGood<StreamValues> lastGood, WindowState windows) {

    public StreamState {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(lastGood, "lastGood");
        Objects.requireNonNull(windows, "windows");
    }

    /** Nothing known yet, as of {@code nowMs} (retirement for silence counts from there). */
    public static StreamState empty(StreamName stream, long nowMs) {
        return new StreamState(stream, LastGood.unknown(nowMs), WindowState.EMPTY);
    }

    /** Nothing known yet, at time 0 (benchmarks and serde tests). */
    public static StreamState empty(StreamName stream) {
        return empty(stream, 0);
    }

    /** The store key: {@code <stream>/<engine id>}; wire names have no '/', so the first one splits it. */
    public static String key(StreamName stream, String engineId) {
        return stream.wireName() + "/" + engineId;
    }

    /** The engine id of a store key. */
    public static String engineId(String key) {
        return key.substring(key.indexOf('/') + 1);
    }

    public StreamState with(LastGood<StreamValues> next) {
        return new StreamState(stream, next, windows);
    }

    public StreamState with(WindowState next) {
        return new StreamState(stream, lastGood, next);
    }
}

package dev.pulse.processor.window;

import dev.pulse.common.model.WindowStats;
import java.util.List;

/**
 * The windows of one engine and stream (a part of {@link dev.pulse.processor.store.StreamState}).
 *
 * @param streamTimeMs the newest reading timestamp seen (event time), epoch ms; -1 before any
 * @param streamTimeSeenAtMs wall-clock time when the stream time last advanced: lets the punctuator extrapolate event
 *     time while no reading arrives, without trusting the engine's clock
 * @param closedUpToMs end of the newest closed window: readings before it are too late
 * @param open the windows still accepting readings, oldest first (one, or two during the grace period)
 * @param lastCompleted the newest closed window, null until one closes
 */
public record WindowState(
        long streamTimeMs,
        long streamTimeSeenAtMs,
        long closedUpToMs,
        List<OpenWindow> open,
        WindowStats lastCompleted) {
    public static final WindowState EMPTY = new WindowState(-1, 0, Long.MIN_VALUE, List.of(), null);

    public WindowState {
        open = List.copyOf(open);
    }

    /** The newest open window's statistics: the "current partial window" of an event; null if none is open. */
    public WindowStats current() {
        return open.isEmpty() ? null : open.getLast().stats();
    }
}

package dev.pulse.processor.window;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Tumbling event-time windows with an explicit grace period. A window [start, end) closes when the stream time reaches
 * end + grace. Stream time only moves when a reading arrives, so a sparse stream would keep a window open forever;
 * {@link #closeExpired} extrapolates it with the wall clock (stream time + time since it last moved), which is what the
 * punctuator calls.
 */
public final class TumblingWindows {
    private final long sizeMs;
    private final long graceMs;

    public TumblingWindows(Duration size, Duration grace) {
        this.sizeMs = size.toMillis();
        this.graceMs = grace.toMillis();
    }

    /** What adding one reading did. */
    public record Added(WindowState state, boolean late) {}

    /** Adds a reading taken at {@code eventMs} and arriving at wall-clock {@code nowMs}. */
    public Added add(WindowState state, long eventMs, long nowMs, Map<String, Double> fields) {
        long start = Math.floorDiv(eventMs, sizeMs) * sizeMs;
        if (start < state.closedUpToMs()) {
            return new Added(state, true);
        }
        List<OpenWindow> open = new ArrayList<>(state.open());
        int index = indexOf(open, start);
        if (index >= 0) {
            open.set(index, open.get(index).plus(fields));
        } else {
            open.add(OpenWindow.empty(start, start + sizeMs).plus(fields));
            open.sort(Comparator.comparingLong(OpenWindow::startMs));
        }
        boolean advanced = eventMs > state.streamTimeMs();
        WindowState added = new WindowState(
                advanced ? eventMs : state.streamTimeMs(),
                advanced ? nowMs : state.streamTimeSeenAtMs(),
                state.closedUpToMs(),
                open,
                state.lastCompleted());
        return new Added(close(added, added.streamTimeMs()), false);
    }

    /** Closes the windows that extrapolated stream time has passed (by end + grace) at wall-clock {@code nowMs}. */
    public WindowState closeExpired(WindowState state, long nowMs) {
        if (state.open().isEmpty()) {
            return state;
        }
        long extrapolated = state.streamTimeMs() + Math.max(0, nowMs - state.streamTimeSeenAtMs());
        return close(state, extrapolated);
    }

    private WindowState close(WindowState state, long streamTimeMs) {
        List<OpenWindow> open = new ArrayList<>();
        OpenWindow newestClosed = null;
        for (OpenWindow window : state.open()) {
            if (window.endMs() + graceMs <= streamTimeMs) {
                newestClosed = window;
            } else {
                open.add(window);
            }
        }
        if (newestClosed == null) {
            return state;
        }
        return new WindowState(
                state.streamTimeMs(), state.streamTimeSeenAtMs(), newestClosed.endMs(), open, newestClosed.stats());
    }

    private static int indexOf(List<OpenWindow> open, long start) {
        for (int i = 0; i < open.size(); i++) {
            if (open.get(i).startMs() == start) {
                return i;
            }
        }
        return -1;
    }
}

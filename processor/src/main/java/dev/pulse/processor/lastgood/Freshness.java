package dev.pulse.processor.lastgood;

import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.EngineStatus;
import dev.pulse.common.model.EventStatus;
import java.time.Duration;

/**
 * Decides what a stream is at a moment: LIVE, STALE (silent for longer than the bound) or FALLBACK (the collector says
 * the engine is DOWN or its circuit is open), and says why in words.
 */
public final class Freshness {
    /** Error texts from the collector go into events; bound them. */
    static final int MAX_REASON_LENGTH = 200;

    private final Duration staleAfter;

    public Freshness(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    /** The verdict for one stream; {@code reason} is null when LIVE. */
    public record Verdict(EventStatus status, String reason) {}

    public Verdict judge(LastGood<?> lastGood, long nowMs) {
        if (lastGood.outage() != null) {
            return new Verdict(EventStatus.FALLBACK, outageReason(lastGood.outage()));
        }
        long silentMs = nowMs - lastGood.freshSinceMs();
        if (silentMs >= staleAfter.toMillis()) {
            return new Verdict(EventStatus.STALE, "no reading for " + formatSeconds(silentMs));
        }
        return new Verdict(EventStatus.LIVE, null);
    }

    static String outageReason(EngineStatus outage) {
        String base = outage.state() == EngineState.CIRCUIT_OPEN ? "circuit open" : "engine " + outage.state();
        String reason = outage.error() == null || outage.error().isBlank()
                ? base
                : base + ": " + outage.error().strip();
        return reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH - 1) + "…" : reason;
    }

    private static String formatSeconds(long millis) {
        return millis % 1000 == 0
                ? (millis / 1000) + "s"
                : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}

package dev.pulse.processor.lastgood;

import static dev.pulse.common.text.Abbreviation.abbreviate;

import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.EngineStatus;
import dev.pulse.common.model.EventStatus;
import java.time.Duration;
import java.util.Locale;

/**
 * Decides what a stream is at a moment: LIVE, STALE (silent for longer than the bound) or FALLBACK (the collector says
 * the engine is DOWN or its circuit is open, or there has never been a valid reading: "no data yet"), and says why in
 * words.
 */
public final class Freshness {
    /** Error texts from the collector go into events; bound them. */
    static final int MAX_REASON_LENGTH = 200;

    static final String NO_DATA_YET = "no data yet: ";

    private final Duration staleAfter;

    public Freshness(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    /**
     * The verdict for one stream; {@code reason} is null when LIVE. For a stream without values, LIVE means "nothing to
     * say yet" (the engine is up and its first reading is not overdue).
     */
    public record Verdict(EventStatus status, String reason) {}

    public Verdict judge(LastGood<?> lastGood, long nowMs) {
        long silentMs = nowMs - lastGood.freshSinceMs();
        if (!lastGood.hasValues()) {
            if (lastGood.outage() != null) {
                return new Verdict(EventStatus.FALLBACK, bounded(NO_DATA_YET + outageReason(lastGood.outage())));
            }
            if (silentMs >= staleAfter.toMillis()) {
                return new Verdict(EventStatus.FALLBACK, NO_DATA_YET + "no valid reading for " + seconds(silentMs));
            }
            return new Verdict(EventStatus.LIVE, null);
        }
        if (lastGood.outage() != null) {
            return new Verdict(EventStatus.FALLBACK, bounded(outageReason(lastGood.outage())));
        }
        if (silentMs >= staleAfter.toMillis()) {
            return new Verdict(EventStatus.STALE, "no reading for " + seconds(silentMs));
        }
        return new Verdict(EventStatus.LIVE, null);
    }

    static String outageReason(EngineStatus outage) {
        String base = outage.state() == EngineState.CIRCUIT_OPEN ? "circuit open" : "engine " + outage.state();
        return outage.error() == null || outage.error().isBlank()
                ? base
                : base + ": " + outage.error().strip();
    }

    /** The reason of a RETIRED event sent because the collector no longer watches the engine. */
    public static String retiredByCollector(EngineStatus report) {
        String base = "no longer watched by the collector";
        return bounded(
                report.error() == null || report.error().isBlank()
                        ? base
                        : base + ": " + report.error().strip());
    }

    /** The reason of a RETIRED event sent because the engine has been silent past the retirement bound. */
    public static String retiredForSilence(Duration retireAfter) {
        return "no valid reading for " + words(retireAfter.toMillis());
    }

    private static String bounded(String reason) {
        return abbreviate(reason, MAX_REASON_LENGTH);
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    /** A bound in its largest whole unit: 24h, 5m, else seconds. */
    private static String words(long millis) {
        if (millis % 3_600_000 == 0) {
            return (millis / 3_600_000) + "h";
        }
        return millis % 60_000 == 0 ? (millis / 60_000) + "m" : seconds(millis);
    }
}

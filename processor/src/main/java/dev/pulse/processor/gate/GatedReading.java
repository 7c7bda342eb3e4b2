package dev.pulse.processor.gate;

import dev.pulse.common.model.EngineStatus;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.processor.deadletter.DeadLetterReason;
import java.time.Instant;

/** What the gate makes of one raw record: a valid measurement, a valid status report, or a dead letter. */
public sealed interface GatedReading {

    /** A valid reading of one stream's endpoint; {@code run} is 0 when the producer did not say. */
    record Measurement(
            String engineId, StreamName stream, long run, long sequence, Instant collectedAt, StreamValues values)
            implements GatedReading {}

    /** A valid {@code status} reading: the collector's view of the engine. */
    record StatusReport(String engineId, long run, long sequence, Instant collectedAt, EngineStatus status)
            implements GatedReading {}

    /**
     * A record that failed; key and value are the source bytes, untouched.
     *
     * @param fields the failing fields, comma-separated ({@code $} = the whole value, {@code key} = the key)
     * @param detail every error in words
     */
    record Rejected(byte[] rawKey, byte[] rawValue, DeadLetterReason reason, String fields, String detail)
            implements GatedReading {}
}

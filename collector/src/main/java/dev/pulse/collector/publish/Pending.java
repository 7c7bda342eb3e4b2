package dev.pulse.collector.publish;

import dev.pulse.common.model.RawReading;
import java.util.Objects;

/**
 * A reading waiting for Kafka, already serialized: serialized once, on the poller's thread, and its exact size is what
 * the buffer's byte bound counts.
 *
 * @param reading the reading (for its key and for log lines)
 * @param value its JSON, the Kafka record value
 */
public record Pending(RawReading reading, byte[] value) {
    public Pending {
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(value, "value");
    }

    /** What the byte bound counts: the value plus the key (the engine id, ASCII). */
    int bytes() {
        return value.length + reading.engineId().length();
    }
}

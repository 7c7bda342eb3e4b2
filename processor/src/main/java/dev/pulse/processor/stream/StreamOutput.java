package dev.pulse.processor.stream;

import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import java.util.Objects;

/**
 * One record for a stream topic: an event, or the tombstone (null value) that follows an engine's RETIRED event so that
 * compaction removes the engine from the topic.
 *
 * @param stream the stream (and so the topic)
 * @param event the event; null for the tombstone
 */
public record StreamOutput(StreamName stream, StreamEvent<StreamValues> event) {
    public StreamOutput {
        Objects.requireNonNull(stream, "stream");
    }

    public static StreamOutput of(StreamEvent<StreamValues> event) {
        return new StreamOutput(event.stream(), event);
    }

    public static StreamOutput tombstone(StreamName stream) {
        return new StreamOutput(stream, null);
    }
}

package dev.pulse.gateway.sse;

import dev.pulse.gateway.kafka.ClusterWatch;
import dev.pulse.gateway.kafka.KafkaStatus;
import java.util.Optional;

/**
 * The {@code kafka} SSE notice: the cluster's state as {@link ClusterWatch} judges it, without an id (it does not move
 * the resume position). Every client gets it on each change, and a client that connects while Kafka is not OK gets the
 * current one at once.
 */
public final class KafkaNotices {
    /** The SSE event name. */
    public static final String EVENT = "kafka";

    private KafkaNotices() {}

    public static byte[] of(ClusterWatch.Change change) {
        return SseFrames.notice(EVENT, change.status().toWire(change.since().toString()));
    }

    /** What a connecting client is told: nothing while Kafka is OK. */
    static Optional<byte[]> atConnect(ClusterWatch.Change change) {
        return change.status().state() == KafkaStatus.State.OK ? Optional.empty() : Optional.of(of(change));
    }
}

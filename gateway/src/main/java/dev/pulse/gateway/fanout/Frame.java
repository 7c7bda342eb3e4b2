package dev.pulse.gateway.fanout;

/** What a client's queue holds: ready-made events, heartbeat requests and the markers that end the stream. */
public sealed interface Frame {
    /** Put in an idle client's queue when a heartbeat comment is due. */
    Frame HEARTBEAT = new Heartbeat();
    /** Put in the queue when the client was dropped as slow. */
    Frame DROPPED = new Dropped();
    /** Put in the queue when the gateway shuts down. */
    Frame SHUTDOWN = new Shutdown();
    /** Put in the queue when the client's access token expired. */
    Frame EXPIRED = new Expired();
    /** Put in the queue when the connection is known to be gone. */
    Frame GONE = new Gone();

    /**
     * A ready-made SSE event, shared by every client with the same stream set.
     *
     * @param bytes the wire bytes
     * @param readAtNanos when the shared consumer got the record ({@link System#nanoTime()}), for the delivery-latency
     *     metric
     */
    record Event(byte[] bytes, long readAtNanos) implements Frame {}

    /** A notice for every client, without an id (e.g. Kafka's state): written as it is, not counted as an event. */
    record Notice(byte[] bytes) implements Frame {}

    /** A heartbeat comment is due. */
    record Heartbeat() implements Frame {}

    /** The client fell behind and was dropped: end with a notice. */
    record Dropped() implements Frame {}

    /** The gateway shuts down: end with a reconnect notice. */
    record Shutdown() implements Frame {}

    /** The client's access expired: end with a notice saying so. */
    record Expired() implements Frame {}

    /** The connection is gone: end without writing. */
    record Gone() implements Frame {}
}

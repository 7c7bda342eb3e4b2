package dev.pulse.gateway.stream;

/**
 * A ready-made SSE frame in a client's queue, shared by every client with the same stream set.
 *
 * @param bytes the wire bytes
 * @param readAtNanos when the shared consumer got the record ({@link System#nanoTime()}), for the delivery-latency
 *     metric
 */
public record Frame(byte[] bytes, long readAtNanos) {
    /** Put in the queue when the client was dropped as slow. */
    public static final Frame DROPPED = new Frame(new byte[0], 0);
    /** Put in the queue when the gateway shuts down. */
    public static final Frame SHUTDOWN = new Frame(new byte[0], 0);
    /** Put in an idle client's queue when a heartbeat comment is due. */
    public static final Frame HEARTBEAT = new Frame(SseFrames.HEARTBEAT, 0);
    /** Put in the queue when the connection is known to be gone. */
    public static final Frame GONE = new Frame(new byte[0], 0);
}

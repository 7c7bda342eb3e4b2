package dev.pulse.gateway.tcp;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.OptionalLong;

/**
 * How many TCP connections a replica accepts: what its file descriptors allow after a reserve for everything else the
 * process opens (jars, logs, Kafka connections of the tailer and of the catch-up readers), and what its heap holds (the
 * streams it sizes to the heap plus room for short requests). Past it Jetty stops accepting, so a flood waits in the
 * kernel's accept queue, or is refused there, instead of exhausting descriptors or memory.
 *
 * @param descriptorLimit the process's open-file limit; empty where the JVM cannot tell (not Unix)
 * @param heapStreams the streams the heap holds (see {@code HeapCapacity})
 */
public record ConnectionBudget(OptionalLong descriptorLimit, int heapStreams) {
    /** Descriptors kept for anything but client connections, at least. */
    public static final int MIN_DESCRIPTOR_RESERVE = 256;
    /** Connections beyond the heap's streams, for snapshot, health and metrics requests while the streams are full. */
    public static final int SHORT_REQUEST_ROOM = 256;

    /**
     * Connections accepted past the limit only to be closed at once (a clean refusal, see {@link HalfOpenEviction});
     * within the descriptor reserve.
     */
    public static final int REFUSAL_ROOM = 64;

    /** The limits of this process. */
    public static ConnectionBudget ofThisProcess(int heapStreams) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        OptionalLong limit = os instanceof UnixOperatingSystemMXBean unix
                ? OptionalLong.of(unix.getMaxFileDescriptorCount())
                : OptionalLong.empty();
        return new ConnectionBudget(limit, heapStreams);
    }

    /** The descriptors a client connection may use: the limit less a tenth (at least the minimum reserve). */
    public long descriptorConnections() {
        if (descriptorLimit.isEmpty()) {
            return Long.MAX_VALUE;
        }
        long limit = descriptorLimit.getAsLong();
        return Math.max(1, limit - Math.max(MIN_DESCRIPTOR_RESERVE, limit / 10));
    }

    /** The connection limit: the smaller of the descriptor and the heap bound. */
    public int connections() {
        long heap = (long) heapStreams + SHORT_REQUEST_ROOM;
        return (int) Math.min(Integer.MAX_VALUE, Math.min(descriptorConnections(), heap));
    }
}

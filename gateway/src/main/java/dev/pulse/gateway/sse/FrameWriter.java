package dev.pulse.gateway.sse;

import dev.pulse.gateway.GatewayMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * Collects the frames of one batch and hands them to the connection as one write.
 *
 * <p>Why not just {@code write} + {@code flush} on the servlet stream: Jetty's stream copies small writes into an
 * aggregation buffer (a pooled 32 KB direct buffer by default) that it takes at the first write and keeps until the
 * response ends, so every idle SSE client would hold one. Writing a {@link ByteBuffer} to Jetty's {@link HttpOutput}
 * bypasses that buffer: nothing is held between batches, and each batch still goes out as one chunk.
 */
final class FrameWriter {
    /** A long replay is written in pieces of about this size instead of being collected whole. */
    static final int MAX_PENDING_BYTES = 16 * 1024;

    private final OutputStream out;
    private final GatewayMetrics metrics;
    private final List<byte[]> pending = new ArrayList<>();
    private int pendingBytes;
    private int pendingEvents;

    FrameWriter(OutputStream out, GatewayMetrics metrics) {
        this.out = out;
        this.metrics = metrics;
    }

    /** Queues a frame for the next flush; {@code event} counts it as an event (not a comment or notice). */
    void write(byte[] frame, boolean event) throws IOException {
        pending.add(frame);
        pendingBytes += frame.length;
        if (event) {
            pendingEvents++;
        }
        if (pendingBytes >= MAX_PENDING_BYTES) {
            flush();
        }
    }

    /** Writes what is pending as one write, blocking until the connection took it. */
    void flush() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        byte[] bytes = pending.size() == 1 ? pending.getFirst() : concatenated();
        if (out instanceof HttpOutput jetty) {
            jetty.write(ByteBuffer.wrap(bytes));
        } else {
            out.write(bytes);
            out.flush();
        }
        metrics.sent(pendingEvents, pendingBytes);
        pending.clear();
        pendingBytes = 0;
        pendingEvents = 0;
    }

    private byte[] concatenated() {
        byte[] bytes = new byte[pendingBytes];
        int at = 0;
        for (byte[] frame : pending) {
            System.arraycopy(frame, 0, bytes, at, frame.length);
            at += frame.length;
        }
        return bytes;
    }
}

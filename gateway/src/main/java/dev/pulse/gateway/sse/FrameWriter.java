package dev.pulse.gateway.sse;

import dev.pulse.gateway.GatewayMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * Collects the frames of one batch and hands them to the connection as one write (in pieces of at most
 * {@link #MAX_WRITE_BYTES}), and tells how long the write in progress has waited for the client's socket to take it.
 *
 * <p>Why not just {@code write} + {@code flush} on the servlet stream: Jetty's stream copies small writes into an
 * aggregation buffer (a pooled 32 KB direct buffer by default) that it takes at the first write and keeps until the
 * response ends, so every idle SSE client would hold one. Writing a {@link ByteBuffer} to Jetty's {@link HttpOutput}
 * bypasses that buffer: nothing is held between batches, and each batch still goes out as one chunk.
 */
final class FrameWriter {
    /** A long replay is written in pieces of about this size instead of being collected whole. */
    static final int MAX_PENDING_BYTES = 16 * 1024;
    /**
     * The most handed to the connection in one write, so that a write that waits long means a client that does not
     * read, not a large frame: a stream dies of the write timeout only if its client takes less than this per timeout.
     */
    static final int MAX_WRITE_BYTES = 16 * 1024;

    private final OutputStream out;
    private final GatewayMetrics metrics;
    private final List<byte[]> pending = new ArrayList<>();
    private int pendingBytes;
    private int pendingEvents;
    // Written by the writer thread, read by the timer that drops stalled clients.
    private volatile boolean writing;
    private volatile long writeStartedNanos;
    private volatile int writingBytes;

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

    /** Writes what is pending, blocking until the connection took it. */
    void flush() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        byte[] bytes = pending.size() == 1 ? pending.getFirst() : concatenated();
        for (int at = 0; at < bytes.length; at += MAX_WRITE_BYTES) {
            int length = Math.min(MAX_WRITE_BYTES, bytes.length - at);
            writeStartedNanos = System.nanoTime();
            writingBytes = length;
            writing = true;
            try {
                writeOut(bytes, at, length);
            } finally {
                writing = false;
            }
        }
        metrics.sent(pendingEvents, pendingBytes);
        pending.clear();
        pendingBytes = 0;
        pendingEvents = 0;
    }

    /** How long the write in progress has waited for the connection to take it at {@code nowNanos}; 0 if none. */
    long stalledNanos(long nowNanos) {
        return writing ? Math.max(0, nowNanos - writeStartedNanos) : 0;
    }

    /** The bytes of the write in progress (for the log line of a stalled client). */
    int writingBytes() {
        return writing ? writingBytes : 0;
    }

    private void writeOut(byte[] bytes, int at, int length) throws IOException {
        if (out instanceof HttpOutput jetty) {
            jetty.write(ByteBuffer.wrap(bytes, at, length));
        } else {
            out.write(bytes, at, length);
            out.flush();
        }
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

package dev.pulse.faults;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that asks for a replay and reads it slowly: a small receive window and a few KiB at fixed intervals, so its
 * replay holds its catch-up slot for as long as it stays. It comes through a proxy ({@code X-Forwarded-For}), so a test
 * can give it any client address.
 */
final class SlowReplayer implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final byte[] chunk;
    private final AtomicLong bytes = new AtomicLong();
    private final ScheduledFuture<?> reading;
    private final String address;
    private volatile long firstEventNanos;
    private volatile boolean ended;
    private String tail = "";

    SlowReplayer(
            ScheduledExecutorService timer, int port, String pathAndQuery, String address, int chunkBytes, long everyMs)
            throws IOException {
        this.address = address;
        this.chunk = new byte[chunkBytes];
        socket = new Socket();
        socket.setReceiveBufferSize(16 * 1024);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(1);
        socket.getOutputStream()
                .write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: " + address
                                + "\r\nAccept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        in = socket.getInputStream();
        reading = timer.scheduleAtFixedRate(this::readSome, 0, everyMs, TimeUnit.MILLISECONDS);
    }

    private void readSome() {
        if (ended) {
            return;
        }
        try {
            int n = in.read(chunk);
            if (n < 0) {
                ended = true;
                return;
            }
            bytes.addAndGet(n);
            if (firstEventNanos == 0) {
                // an event's id line (the snapshot, the retry hint and comments have none)
                String text = tail + new String(chunk, 0, n, StandardCharsets.US_ASCII);
                if (text.contains("\nid: ")) {
                    firstEventNanos = System.nanoTime();
                }
                tail = text.substring(Math.max(0, text.length() - 5));
            }
        } catch (SocketTimeoutException e) {
            // nothing arrived in this turn
        } catch (IOException e) {
            ended = true;
        }
    }

    String address() {
        return address;
    }

    /** When the first event arrived (nanoTime), 0 while none. */
    long firstEventNanos() {
        return firstEventNanos;
    }

    boolean replaying() {
        return firstEventNanos != 0;
    }

    long bytes() {
        return bytes.get();
    }

    boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        reading.cancel(false);
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}

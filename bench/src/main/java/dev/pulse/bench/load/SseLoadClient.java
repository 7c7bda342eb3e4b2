package dev.pulse.bench.load;

import dev.pulse.bench.measure.LatencyHistogram;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The SSE load generator, run as its own process: N concurrent SSE clients on non-blocking sockets, all served by one
 * selector thread (no thread per client). Each {@code data:} line is timed against the time inside the event:
 * {@code emitted_at} (fan-out) or the collector's collected-at, i.e. {@code emitted_at - age_ms} of LIVE events (end to
 * end).
 *
 * <p>Args: {@code host port path clients emitted|collected}. Prints {@code CONNECTED open failed} once the connections
 * are up, then obeys stdin: {@code measure SECONDS} prints {@code WINDOW events eventsPerSecond open count p50 p95 p99
 * max} after that many seconds; {@code quit} ends it.
 */
public final class SseLoadClient {
    private static final int MAX_PENDING_CONNECTS = 200;

    private final LatencyHistogram histogram = new LatencyHistogram();
    private final boolean collectedMode;
    private volatile int measureSeconds;
    private volatile boolean quit;
    private long windowEnd = Long.MAX_VALUE;
    private long windowStart;
    private long windowEvents;
    private int open;
    private int failed;
    private final PrintStream out = System.out;

    private SseLoadClient(boolean collectedMode) {
        this.collectedMode = collectedMode;
    }

    public static void main(String[] args) throws IOException {
        InetSocketAddress address = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        new SseLoadClient("collected".equals(args[4])).run(address, args[2], Integer.parseInt(args[3]));
    }

    private void run(InetSocketAddress address, String path, int clients) throws IOException {
        Thread.ofPlatform().daemon().name("commands").start(this::readCommands);
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                        + "\r\nAccept: text/event-stream\r\nUser-Agent: pulse-bench\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        try (Selector selector = Selector.open()) {
            int started = 0;
            int pending = 0;
            long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + clients / 100);
            while (open + failed < clients && System.nanoTime() < connectDeadline) {
                while (started < clients && pending < MAX_PENDING_CONNECTS) {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    channel.connect(address);
                    channel.register(selector, SelectionKey.OP_CONNECT, new SseConnection());
                    started++;
                    pending++;
                }
                pending -= pump(selector, buffer, request, 20);
            }
            failed += clients - open - failed;
            out.printf(Locale.ROOT, "CONNECTED %d %d%n", open, failed);
            out.flush();
            while (!quit) {
                pump(selector, buffer, request, 20);
                tick();
            }
        }
    }

    /** Serves ready channels; returns how many pending connects finished (either way). */
    private int pump(Selector selector, ByteBuffer buffer, byte[] request, long timeoutMs) throws IOException {
        selector.select(timeoutMs);
        int connects = 0;
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            SocketChannel channel = (SocketChannel) key.channel();
            SseConnection connection = (SseConnection) key.attachment();
            boolean connecting = (key.interestOps() & SelectionKey.OP_CONNECT) != 0;
            try {
                if (connecting) {
                    channel.finishConnect();
                    channel.write(ByteBuffer.wrap(request)); // a few bytes: always fits the socket buffer
                    key.interestOps(SelectionKey.OP_READ);
                    open++;
                    connects++;
                    continue;
                }
                buffer.clear();
                if (channel.read(buffer) < 0) {
                    throw new IOException("closed by server");
                }
                buffer.flip();
                connection.feed(buffer, nowMicros(), this::onData);
            } catch (IOException | RuntimeException e) {
                key.cancel();
                channel.close();
                if (connecting) {
                    failed++;
                    connects++;
                } else {
                    open--;
                }
            }
        }
        return connects;
    }

    private void onData(String json, long nowMicros) {
        if (windowEnd == Long.MAX_VALUE) {
            return;
        }
        int at = json.indexOf("\"emitted_at\":\"");
        if (at < 0) {
            return;
        }
        int from = at + 14;
        Instant emitted = Instant.parse(json.substring(from, json.indexOf('"', from)));
        long eventMicros = emitted.getEpochSecond() * 1_000_000 + emitted.getNano() / 1000;
        if (collectedMode) {
            if (!json.contains("\"status\":\"LIVE\"")) {
                return;
            }
            int age = json.indexOf("\"age_ms\":");
            int end = age + 9;
            while (end < json.length() && Character.isDigit(json.charAt(end))) {
                end++;
            }
            eventMicros -= Long.parseLong(json.substring(age + 9, end)) * 1000;
        }
        histogram.record((nowMicros - eventMicros) * 1000);
        windowEvents++;
    }

    private void tick() {
        int seconds = measureSeconds;
        if (seconds > 0 && windowEnd == Long.MAX_VALUE) {
            histogram.reset();
            windowEvents = 0;
            windowStart = System.nanoTime();
            windowEnd = windowStart + TimeUnit.SECONDS.toNanos(seconds);
        } else if (System.nanoTime() >= windowEnd) {
            double elapsed = (System.nanoTime() - windowStart) / 1e9;
            var s = histogram.summary();
            // Reset before reporting: the parent sends the next command as soon as it reads the line.
            windowEnd = Long.MAX_VALUE;
            measureSeconds = 0;
            out.printf(
                    Locale.ROOT,
                    "WINDOW %d %.1f %d %d %.2f %.2f %.2f %.2f%n",
                    windowEvents,
                    windowEvents / elapsed,
                    open,
                    s.count(),
                    s.p50(),
                    s.p95(),
                    s.p99(),
                    s.max());
            out.flush();
        }
    }

    private void readCommands() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] words = line.strip().split(" ");
                switch (words[0]) {
                    case "measure" -> measureSeconds = Integer.parseInt(words[1]);
                    case "quit" -> quit = true;
                    default -> System.err.println("unknown command: " + line);
                }
            }
        } catch (IOException e) {
            // parent gone
        }
        quit = true;
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}

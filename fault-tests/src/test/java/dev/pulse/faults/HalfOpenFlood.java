package dev.pulse.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many connections that send the start of a request head and never finish it (slowloris), on non-blocking sockets in
 * one thread: for each, when it connected and when the server closed it, so a test can tell sockets served, refused
 * (closed soon after connecting), closed by the head timeout, and left hanging.
 */
final class HalfOpenFlood implements AutoCloseable {
    /** One socket: nanoTime stamps, 0 while it has not happened. */
    static final class Socket {
        volatile long connectedNanos;
        volatile long closedNanos;
        volatile boolean failed;
    }

    private static final byte[] HEAD_START = "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final Selector selector;
    private final List<Socket> sockets = new ArrayList<>();
    private final List<SocketChannel> channels = new ArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final Thread loop;
    private volatile boolean closed;

    HalfOpenFlood(int port, int count) throws IOException {
        selector = Selector.open();
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            Socket socket = new Socket();
            sockets.add(socket);
            channels.add(channel);
            if (channel.connect(new InetSocketAddress("127.0.0.1", port))) {
                connected(channel, socket);
                channel.register(selector, SelectionKey.OP_READ, socket);
            } else {
                channel.register(selector, SelectionKey.OP_CONNECT, socket);
            }
        }
        loop = Thread.ofPlatform().daemon().name("half-open-flood").start(this::run);
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try {
            while (!closed) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Socket socket = (Socket) key.attachment();
                    SocketChannel channel = (SocketChannel) key.channel();
                    try {
                        if (key.isConnectable() && channel.finishConnect()) {
                            connected(channel, socket);
                            key.interestOps(SelectionKey.OP_READ);
                        } else if (key.isReadable()) {
                            buffer.clear();
                            int n = channel.read(buffer);
                            if (n < 0) {
                                ended(key, socket);
                            } else if (n > 0) {
                                answered.incrementAndGet();
                            }
                        }
                    } catch (IOException e) {
                        if (socket.connectedNanos == 0) {
                            socket.failed = true;
                        }
                        ended(key, socket);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            // the selector closed
        }
    }

    private static void connected(SocketChannel channel, Socket socket) throws IOException {
        socket.connectedNanos = System.nanoTime();
        channel.write(ByteBuffer.wrap(HEAD_START));
    }

    private static void ended(SelectionKey key, Socket socket) {
        socket.closedNanos = System.nanoTime();
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException e) {
            // closed anyway
        }
    }

    List<Socket> sockets() {
        return List.copyOf(sockets);
    }

    long connected() {
        return sockets.stream().filter(s -> s.connectedNanos != 0).count();
    }

    long closedByServer() {
        return sockets.stream()
                .filter(s -> s.connectedNanos != 0 && s.closedNanos != 0)
                .count();
    }

    /** Connected and still open. */
    long held() {
        return sockets.stream()
                .filter(s -> s.connectedNanos != 0 && s.closedNanos == 0)
                .count();
    }

    /** Neither connected nor refused: waiting in (or dropped by) the server's accept queue. */
    long pending() {
        return sockets.stream().filter(s -> s.connectedNanos == 0 && !s.failed).count();
    }

    long failed() {
        return sockets.stream().filter(s -> s.failed).count();
    }

    /** Sockets that received bytes (an answer) before they were closed. */
    int answered() {
        return answered.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            loop.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SocketChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}

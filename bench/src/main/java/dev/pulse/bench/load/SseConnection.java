package dev.pulse.bench.load;

import dev.pulse.sse.SseParser;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The receiving side of one SSE stream over HTTP/1.1: skips the response head, undoes chunked transfer encoding (both
 * servers use it) and feeds the body to test-support's {@link SseParser}, handing each event's data to a sink.
 */
final class SseConnection {
    /** Receives the data of one event. */
    interface DataSink {
        void onData(String json, long nowMicros);
    }

    private enum State {
        HEAD,
        CHUNK_SIZE,
        CHUNK_DATA,
        CHUNK_END,
        RAW
    }

    private State state = State.HEAD;
    private int status = -1;
    private boolean chunked;
    private long chunkLeft;
    private final StringBuilder head = new StringBuilder();
    private final StringBuilder sizeLine = new StringBuilder();
    // What the current feed() call hands on: the parser calls back while it runs.
    private DataSink sink;
    private long nowMicros;
    private final SseParser parser = new SseParser(event -> sink.onData(event.data(), nowMicros));

    int status() {
        return status;
    }

    void feed(ByteBuffer buffer, long nowMicros, DataSink sink) {
        this.nowMicros = nowMicros;
        this.sink = sink;
        while (buffer.hasRemaining()) {
            switch (state) {
                case HEAD -> {
                    char c = (char) (buffer.get() & 0xff);
                    head.append(c);
                    int n = head.length();
                    if (n >= 4
                            && head.charAt(n - 1) == '\n'
                            && head.charAt(n - 2) == '\r'
                            && head.charAt(n - 3) == '\n') {
                        String text = head.toString();
                        status = Integer.parseInt(text.substring(9, 12));
                        chunked = text.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
                        state = chunked ? State.CHUNK_SIZE : State.RAW;
                        head.setLength(0);
                    }
                }
                case CHUNK_SIZE -> {
                    char c = (char) (buffer.get() & 0xff);
                    if (c == '\n') {
                        String hex = sizeLine.toString().strip();
                        int semicolon = hex.indexOf(';');
                        chunkLeft = Long.parseLong(semicolon < 0 ? hex : hex.substring(0, semicolon), 16);
                        sizeLine.setLength(0);
                        state = chunkLeft == 0 ? State.RAW : State.CHUNK_DATA;
                    } else if (c != '\r') {
                        sizeLine.append(c);
                    }
                }
                case CHUNK_DATA -> {
                    int take = (int) Math.min(chunkLeft, buffer.remaining());
                    parser.feed(buffer.slice(buffer.position(), take));
                    buffer.position(buffer.position() + take);
                    chunkLeft -= take;
                    if (chunkLeft == 0) {
                        state = State.CHUNK_END;
                    }
                }
                case CHUNK_END -> {
                    if (buffer.get() == '\n') {
                        state = State.CHUNK_SIZE;
                    }
                }
                case RAW -> parser.feed(buffer);
            }
        }
    }
}

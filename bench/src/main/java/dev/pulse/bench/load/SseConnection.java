package dev.pulse.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The receiving side of one SSE stream over HTTP/1.1: skips the response head, undoes chunked transfer encoding (both
 * servers use it) and hands each complete {@code data:} line to a sink.
 */
final class SseConnection {
    /** Receives the text of one {@code data:} line (without the prefix). */
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
    private byte[] line = new byte[256];
    private int lineLength;
    private final StringBuilder sizeLine = new StringBuilder();

    int status() {
        return status;
    }

    void feed(ByteBuffer buffer, long nowMicros, DataSink sink) {
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
                        chunked = text.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked");
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
                    for (int i = 0; i < take; i++) {
                        body(buffer.get(), nowMicros, sink);
                    }
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
                case RAW -> body(buffer.get(), nowMicros, sink);
            }
        }
    }

    private void body(byte b, long nowMicros, DataSink sink) {
        if (b == '\n') {
            if (lineLength > 5
                    && line[0] == 'd'
                    && line[1] == 'a'
                    && line[2] == 't'
                    && line[3] == 'a'
                    && line[4] == ':') {
                int from = line[5] == ' ' ? 6 : 5;
                sink.onData(new String(line, from, lineLength - from, StandardCharsets.ISO_8859_1), nowMicros);
            }
            lineLength = 0;
            return;
        }
        if (lineLength == line.length) {
            line = java.util.Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
    }
}

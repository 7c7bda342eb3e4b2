package dev.pulse.sse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The one text/event-stream parser of the tests and the bench: incremental, fed the body's bytes as they arrive (a
 * blocking reader's buffer or an NIO read), in pieces of any size. It follows the HTML standard's rules as a browser's
 * EventSource does: lines end at LF, CR or CRLF, a leading BOM is skipped, one space after the colon is dropped,
 * {@code data:} lines join with LF, a blank line dispatches an event when it had data, {@code event} defaults to
 * {@code message}. Unlike EventSource, an event's {@link SseEvent#id()} is its own {@code id:} line (null without one),
 * so a test sees which events carry an id. Not thread-safe: one parser per stream.
 */
public final class SseParser {
    /** What the parser hands over, in stream order. */
    public interface Listener {
        void onEvent(SseEvent event);

        /** A comment line ({@code : text}), the text stripped: heartbeats. */
        default void onComment(String comment) {}

        /** A {@code retry:} line's value, as sent. */
        default void onRetry(String value) {}

        /** A listener of three callbacks, for callers that keep what they read in collections. */
        static Listener of(Consumer<SseEvent> onEvent, Consumer<String> onComment, Consumer<String> onRetry) {
            return new Listener() {
                @Override
                public void onEvent(SseEvent event) {
                    onEvent.accept(event);
                }

                @Override
                public void onComment(String comment) {
                    onComment.accept(comment);
                }

                @Override
                public void onRetry(String value) {
                    onRetry.accept(value);
                }
            };
        }
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Listener listener;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean afterCr;
    private boolean firstLine = true;
    private String id;
    private String event;
    private StringBuilder data;

    public SseParser(Listener listener) {
        this.listener = listener;
    }

    public void feed(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            accept(bytes.get());
        }
    }

    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            accept(bytes[i]);
        }
    }

    private void accept(byte b) {
        if (b == '\n' && afterCr) {
            afterCr = false;
            return;
        }
        afterCr = b == '\r';
        if (b == '\n' || b == '\r') {
            line();
            lineLength = 0;
            return;
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
    }

    private void line() {
        int start = 0;
        if (firstLine) {
            firstLine = false;
            if (lineLength >= BOM.length && Arrays.equals(line, 0, BOM.length, BOM, 0, BOM.length)) {
                start = BOM.length;
            }
        }
        if (start == lineLength) {
            dispatch();
            return;
        }
        if (line[start] == ':') {
            listener.onComment(text(start + 1, lineLength).strip());
            return;
        }
        int colon = indexOfColon(start);
        int nameEnd = colon < 0 ? lineLength : colon;
        int valueStart = colon < 0 ? lineLength : colon + 1;
        if (valueStart < lineLength && line[valueStart] == ' ') {
            valueStart++;
        }
        String value = text(valueStart, lineLength);
        if (named("data", start, nameEnd)) {
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        } else if (named("event", start, nameEnd)) {
            event = value;
        } else if (named("id", start, nameEnd)) {
            id = value;
        } else if (named("retry", start, nameEnd)) {
            listener.onRetry(value);
        }
        // any other field is ignored, as EventSource ignores it
    }

    private void dispatch() {
        if (data != null) {
            listener.onEvent(new SseEvent(id, event == null ? "message" : event, data.toString()));
        }
        id = null;
        event = null;
        data = null;
    }

    private int indexOfColon(int from) {
        for (int i = from; i < lineLength; i++) {
            if (line[i] == ':') {
                return i;
            }
        }
        return -1;
    }

    private boolean named(String field, int start, int nameEnd) {
        if (nameEnd - start != field.length()) {
            return false;
        }
        for (int i = 0; i < field.length(); i++) {
            if (line[start + i] != field.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String text(int from, int to) {
        return new String(line, from, to - from, StandardCharsets.UTF_8);
    }
}

package dev.pulse.testing;

import dev.pulse.sse.SseEvent;
import dev.pulse.sse.SseParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** Reads a text/event-stream body to its end through {@link SseParser}: the blocking side of the one parser. */
public final class SseStreamReader {
    private SseStreamReader() {}

    /** Reads until the stream ends, handing over each event and each comment line as it completes. */
    public static void read(InputStream body, Consumer<SseEvent> onEvent, Consumer<String> onComment)
            throws IOException {
        read(body, SseParser.Listener.of(onEvent, onComment, retry -> {}));
    }

    /** Reads until the stream ends, handing everything the parser finds to the listener. */
    public static void read(InputStream body, SseParser.Listener listener) throws IOException {
        SseParser parser = new SseParser(listener);
        byte[] buffer = new byte[8192];
        try (body) {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                parser.feed(buffer, 0, n);
            }
        }
    }
}

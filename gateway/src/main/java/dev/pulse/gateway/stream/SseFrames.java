package dev.pulse.gateway.stream;

import dev.pulse.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Bytes of the SSE wire format. The {@code data:} of an event is the Kafka record's JSON as it is: the gateway forwards
 * bytes and serializes nothing twice.
 */
public final class SseFrames {
    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    /** A comment line: clients ignore it; a failed write of it reveals a dead client. */
    public static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseFrames() {}

    /** One event; a value spanning lines becomes several {@code data:} lines, which clients join again. */
    public static byte[] event(String event, String id, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + (id == null ? 0 : id.length()) + 32);
        if (id != null) {
            out.writeBytes(ID);
            out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
            out.write('\n');
        }
        out.writeBytes(EVENT);
        out.writeBytes(event.getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
        int lineStart = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length || data[i] == '\n' || data[i] == '\r') {
                if (i > lineStart || i == data.length) {
                    out.writeBytes(DATA);
                    out.write(data, lineStart, i - lineStart);
                    out.write('\n');
                }
                lineStart = i + 1;
            }
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** A notice without an id (so the client's last id stays the resume point), data as JSON. */
    public static byte[] notice(String event, Map<String, ?> data) {
        try {
            return event(event, null, Json.mapper().writeValueAsBytes(data));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("notice is not JSON-serializable", e);
        }
    }

    public static byte[] retry(long millis) {
        return ("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }
}

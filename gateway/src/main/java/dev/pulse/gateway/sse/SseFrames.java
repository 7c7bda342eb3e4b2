package dev.pulse.gateway.sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.StreamName;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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

    /** The SSE event name of a tombstone on a dashboard topic: the engine retired from that stream. */
    public static final String RETIRED = "retired";

    /**
     * The event of a dashboard-topic record: its JSON as it is under the stream's name or, for a tombstone (the engine
     * retired), a {@code retired} event naming the engine and the stream. Both carry an id, so a resume continues after
     * the retirement and never brings the engine back.
     */
    public static byte[] ofRecord(StreamName stream, String engineId, byte[] value, String id) {
        if (value != null) {
            return event(stream.wireName(), id, value);
        }
        Map<String, String> retired = new LinkedHashMap<>();
        retired.put("engine_id", engineId);
        retired.put("stream", stream.wireName());
        return event(RETIRED, id, json(retired));
    }

    /** A notice without an id (so the client's last id stays the resume point), data as JSON. */
    public static byte[] notice(String event, Map<String, ?> data) {
        return event(event, null, json(data));
    }

    private static byte[] json(Map<String, ?> data) {
        try {
            return Json.mapper().writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON-serializable: " + data.keySet(), e);
        }
    }

    public static byte[] retry(long millis) {
        return ("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }
}

package dev.pulse.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.ReadingKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;

/**
 * Records that must never pass the processor's gate: every kind of damage a raw record can carry, each built so it is
 * invalid by construction (a random bit flip could leave valid JSON; these cannot).
 */
final class HostileRecords {
    /** One record to write: a null key or null value is part of the damage. */
    record Hostile(String kind, String key, byte[] value) {}

    static final int KINDS = 12;
    /** Values of the "huge" kind: big, yet within the broker's default 1 MB record limit with headers. */
    static final int HUGE_BYTES = 600 * 1024;

    private final Random random;

    HostileRecords(long seed) {
        this.random = new Random(seed);
    }

    /** The i-th hostile record; kinds take turns, huge values only every 1000th record. */
    Hostile next(int i) {
        String key = "hostile-" + (i % 50);
        byte[] valid = Readings.bytes(Readings.valid(key, ReadingKind.SYSTEM, i + 1, Instant.now()));
        if (i % 1000 == 999) {
            return new Hostile("huge", key, huge(key, i));
        }
        return switch (i % KINDS) {
            case 0 -> new Hostile("random-bytes", key, randomBytes());
            case 1 -> new Hostile("truncated", key, Arrays.copyOf(valid, random.nextInt(valid.length - 1)));
            case 2 -> new Hostile("control-byte", key, insert(valid, random.nextInt(valid.length - 1), (byte) 0x01));
            case 3 -> new Hostile("wrong-schema", key, wrongSchema(key, i));
            case 4 -> new Hostile("null-key", null, valid);
            case 5 -> new Hostile("null-value", key, null);
            case 6 -> new Hostile("unknown-kind", key, replace(valid, "\"kind\":\"system\"", "\"kind\":\"cpu\""));
            case 7 -> new Hostile("out-of-range", key, withPayloadField(key, i, "cpu_usage", 250.0));
            case 8 -> new Hostile("key-mismatch", key + "-other", valid);
            case 9 -> new Hostile("nan", key, replace(valid, "\"cpu_usage\":42.5", "\"cpu_usage\":NaN"));
            case 10 -> new Hostile("not-an-object", key, pick("[1,2,3]", "\"text\"", "42", "null", "true", "[]"));
            default ->
                new Hostile(
                        "bad-envelope",
                        key,
                        replace(valid, "\"sequence\":" + (i + 1), "\"sequence\":\"" + (i + 1) + "\""));
        };
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[1 + random.nextInt(300)];
        random.nextBytes(bytes);
        bytes[0] = (byte) '{'; // starts like an object, so it reaches the JSON parser, never a valid one
        bytes[bytes.length - 1] = (byte) 0xff;
        return bytes;
    }

    private byte[] wrongSchema(String key, int i) {
        return switch (random.nextInt(4)) {
            case 0 -> bytes("{\"hello\":\"world\"}");
            case 1 ->
                bytes("{\"engine_id\":42,\"kind\":\"system\",\"sequence\":1,"
                        + "\"collected_at\":\"2026-11-25T10:00:00Z\",\"payload\":{}}");
            case 2 ->
                bytes("{\"engine_id\":\"" + key + "\",\"kind\":\"graph\",\"sequence\":" + (i + 1)
                        + ",\"collected_at\":\"yesterday\",\"payload\":{}}");
            default ->
                bytes("{\"engine_id\":\"" + key + "\",\"kind\":\"memory\",\"sequence\":" + (i + 1)
                        + ",\"collected_at\":\"2026-11-25T10:00:00Z\",\"payload\":{\"total_memories\":\"many\"}}");
        };
    }

    private byte[] withPayloadField(String key, int i, String field, double value) {
        var reading = Readings.valid(key, ReadingKind.SYSTEM, i + 1, Instant.now());
        ((ObjectNode) reading.payload()).put(field, value);
        return Readings.bytes(reading);
    }

    private static byte[] huge(String key, int i) {
        ObjectNode reading = Json.mapper().createObjectNode();
        reading.put("engine_id", key)
                .put("kind", "system")
                .put("sequence", i + 1)
                .put("collected_at", Instant.now().toString());
        reading.putObject("payload").put("active_nodes", "x".repeat(HUGE_BYTES));
        return bytes(reading.toString());
    }

    private byte[] pick(String... choices) {
        return bytes(choices[random.nextInt(choices.length)]);
    }

    private static byte[] insert(byte[] bytes, int at, byte value) {
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, at);
        out[at] = value;
        System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
        return out;
    }

    private static byte[] replace(byte[] bytes, String from, String to) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.contains(from)) {
            throw new IllegalStateException("no " + from + " in " + text);
        }
        return bytes(text.replace(from, to));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

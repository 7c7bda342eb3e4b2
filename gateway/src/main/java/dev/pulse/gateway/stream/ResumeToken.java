package dev.pulse.gateway.stream;

import dev.pulse.common.model.StreamName;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * An SSE event id: the next offset of <em>every</em> partition of every subscribed topic, so a resume on any replica
 * continues exactly after the event (also on partitions the client got nothing from).
 *
 * <p>Wire form: {@code v1.} + base64url (no padding) of, per stream in stream order, its ordinal (1 byte), its
 * partition count n (varint) and n next offsets (varint, partition 0..n-1), followed by the CRC32C of those bytes (4
 * bytes, big-endian) so that a damaged token is rejected, not misread.
 *
 * @param offsets next offset per partition, by stream
 */
public record ResumeToken(Map<StreamName, long[]> offsets) {
    public static final String PREFIX = "v1.";
    /** Longer tokens are refused before decoding. */
    public static final int MAX_LENGTH = 4096;

    private static final int MAX_PARTITIONS = 10_000;

    public ResumeToken {
        offsets = Collections.unmodifiableMap(new EnumMap<>(offsets));
    }

    /** The token of a position, restricted to the partitions of the given streams. */
    public static String encode(PartitionLayout layout, long[] position, Set<StreamName> streams) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        for (StreamName stream : StreamName.values()) {
            if (!streams.contains(stream)) {
                continue;
            }
            int[] indexes = layout.indexes(stream);
            out.write(stream.ordinal());
            writeVarint(out, indexes.length);
            for (int index : indexes) {
                writeVarint(out, position[index]);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(out.toByteArray());
        int sum = (int) crc.getValue();
        out.writeBytes(ByteBuffer.allocate(4).putInt(sum).array());
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /**
     * Reads a token strictly.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static ResumeToken decode(String token) {
        if (token.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("resume token is longer than " + MAX_LENGTH + " characters");
        }
        if (!token.startsWith(PREFIX)) {
            throw new IllegalArgumentException("resume token must start with '" + PREFIX + "'");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("resume token is not base64url: " + e.getMessage());
        }
        if (bytes.length < 4 + 3) {
            throw new IllegalArgumentException("resume token is too short");
        }
        ByteBuffer body = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            throw new IllegalArgumentException("resume token is damaged (checksum mismatch)");
        }
        Map<StreamName, long[]> offsets = new EnumMap<>(StreamName.class);
        int previous = -1;
        while (body.hasRemaining()) {
            int ordinal = body.get() & 0xff;
            if (ordinal >= StreamName.values().length || ordinal <= previous) {
                throw new IllegalArgumentException("resume token names an unknown or repeated stream");
            }
            previous = ordinal;
            long count = readVarint(body);
            if (count < 1 || count > MAX_PARTITIONS) {
                throw new IllegalArgumentException("resume token has an invalid partition count");
            }
            long[] next = new long[(int) count];
            for (int p = 0; p < count; p++) {
                next[p] = readVarint(body);
            }
            offsets.put(StreamName.values()[ordinal], next);
        }
        return new ResumeToken(offsets);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (!in.hasRemaining()) {
                throw new IllegalArgumentException("resume token is truncated");
            }
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("resume token has an offset out of range");
    }
}

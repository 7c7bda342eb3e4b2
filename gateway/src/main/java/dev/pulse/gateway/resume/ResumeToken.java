package dev.pulse.gateway.resume;

import dev.pulse.common.model.StreamName;
import dev.pulse.gateway.kafka.PartitionLayout;
import dev.pulse.gateway.kafka.Positions;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.apache.kafka.common.utils.internals.ByteUtils;

/**
 * An SSE event id: the next offset of <em>every</em> partition of every subscribed topic, so a resume on any replica
 * continues exactly after the event (also on partitions the client got nothing from).
 *
 * <p>Wire form: {@code v1.} + base64url (no padding) of, per stream in stream order, its ordinal (1 byte), its
 * partition count n (unsigned varint) and n next offsets (unsigned varint, partition 0..n-1), followed by the CRC32C of
 * those bytes (4 bytes, big-endian) so that a damaged token is rejected, not misread. The varints are Kafka's (and
 * protobuf's): 7 bits a byte, low bits first.
 *
 * @param offsets next offset per partition (partition 0 first), by stream
 */
public record ResumeToken(Map<StreamName, List<Long>> offsets) {
    public static final String PREFIX = "v1.";
    /** Longer tokens are refused before decoding. */
    public static final int MAX_LENGTH = 4096;

    private static final int MAX_PARTITIONS = 10_000;
    private static final int CHECKSUM_BYTES = 4;

    public ResumeToken {
        Map<StreamName, List<Long>> copy = new EnumMap<>(StreamName.class);
        offsets.forEach((stream, next) -> copy.put(stream, List.copyOf(next)));
        offsets = Collections.unmodifiableMap(copy);
    }

    /** The token of a position, restricted to the partitions of the given streams. */
    public static String encode(Positions position, Set<StreamName> streams) {
        PartitionLayout layout = position.layout();
        int size = CHECKSUM_BYTES;
        for (StreamName stream : streams) {
            int[] indexes = layout.indexes(stream);
            size += 1 + ByteUtils.sizeOfUnsignedVarint(indexes.length);
            for (int index : indexes) {
                size += ByteUtils.sizeOfUnsignedVarlong(position.next(index));
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (StreamName stream : StreamName.values()) {
            if (!streams.contains(stream)) {
                continue;
            }
            int[] indexes = layout.indexes(stream);
            out.put((byte) stream.ordinal());
            ByteUtils.writeUnsignedVarint(indexes.length, out);
            for (int index : indexes) {
                ByteUtils.writeUnsignedVarlong(position.next(index), out);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
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
        if (bytes.length < CHECKSUM_BYTES + 3) {
            throw new IllegalArgumentException("resume token is too short");
        }
        int bodyLength = bytes.length - CHECKSUM_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bodyLength);
        if ((int) crc.getValue()
                != ByteBuffer.wrap(bytes, bodyLength, CHECKSUM_BYTES).getInt()) {
            throw new IllegalArgumentException("resume token is damaged (checksum mismatch)");
        }
        try {
            return new ResumeToken(readBody(ByteBuffer.wrap(bytes, 0, bodyLength)));
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("resume token is truncated");
        }
    }

    private static Map<StreamName, List<Long>> readBody(ByteBuffer body) {
        Map<StreamName, List<Long>> offsets = new EnumMap<>(StreamName.class);
        int previous = -1;
        while (body.hasRemaining()) {
            int ordinal = body.get() & 0xff;
            if (ordinal >= StreamName.values().length || ordinal <= previous) {
                throw new IllegalArgumentException("resume token names an unknown or repeated stream");
            }
            previous = ordinal;
            int count = readCount(body);
            List<Long> next = new ArrayList<>(count);
            for (int p = 0; p < count; p++) {
                next.add(readOffset(body));
            }
            offsets.put(StreamName.values()[ordinal], next);
        }
        return offsets;
    }

    private static int readCount(ByteBuffer body) {
        int count;
        try {
            count = ByteUtils.readUnsignedVarint(body);
        } catch (IllegalArgumentException e) {
            count = -1;
        }
        if (count < 1 || count > MAX_PARTITIONS) {
            throw new IllegalArgumentException("resume token has an invalid partition count");
        }
        return count;
    }

    private static long readOffset(ByteBuffer body) {
        long offset;
        try {
            // Kafka's reader of unsigned varlongs is not public: read the same bytes as a zig-zag varlong and undo
            // the zig-zag step, which gives back the unsigned value bit for bit.
            long zigzag = ByteUtils.readVarlong(body);
            offset = (zigzag << 1) ^ (zigzag >> 63);
        } catch (IllegalArgumentException e) {
            offset = -1;
        }
        if (offset < 0) {
            throw new IllegalArgumentException("resume token has an offset out of range");
        }
        return offset;
    }
}

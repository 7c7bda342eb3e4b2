package dev.pulse.processor.store;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.FieldStats;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.common.model.WindowStats;
import dev.pulse.processor.lastgood.LastGood;
import dev.pulse.processor.window.FieldSummary;
import dev.pulse.processor.window.OpenWindow;
import dev.pulse.processor.window.WindowState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link StreamState} as bytes: a version byte, the stream, the windows in fixed binary fields (they change on every
 * reading), then the last-known-good values as JSON through the shared mapper, so an operator reading the changelog in
 * an incident still finds them in plain text at the end of each record.
 */
public final class StreamStateSerde implements Serde<StreamState>, Serializer<StreamState>, Deserializer<StreamState> {
    private static final byte VERSION = 2;

    private final Map<StreamName, ObjectReader> readers = new EnumMap<>(StreamName.class);
    private final Map<StreamName, ObjectWriter> writers = new EnumMap<>(StreamName.class);

    public StreamStateSerde() {
        for (StreamName stream : StreamName.values()) {
            var type = Json.mapper().getTypeFactory().constructParametricType(LastGood.class, stream.valuesType());
            readers.put(stream, Json.mapper().readerFor(type));
            writers.put(stream, Json.mapper().writerFor(type));
        }
    }

    @Override
    public byte[] serialize(String topic, StreamState state) {
        if (state == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(state.stream().wireName());
            writeWindows(out, state.windows());
            out.write(writers.get(state.stream()).writeValueAsBytes(state.lastGood()));
        } catch (IOException e) {
            throw new SerializationException("cannot write stream state to " + topic, e);
        }
        return bytes.toByteArray();
    }

    @Override
    public StreamState deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown stream state version " + version + " in " + topic);
            }
            StreamName stream = StreamName.fromWire(in.readUTF());
            WindowState windows = readWindows(in);
            LastGood<StreamValues> lastGood = readers.get(stream).readValue(in.readAllBytes());
            return new StreamState(stream, lastGood, windows);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("cannot read stream state from " + topic + ": " + e.getMessage(), e);
        }
    }

    private static void writeWindows(DataOutputStream out, WindowState state) throws IOException {
        out.writeLong(state.streamTimeMs());
        out.writeLong(state.streamTimeSeenAtMs());
        out.writeLong(state.closedUpToMs());
        out.writeInt(state.open().size());
        for (OpenWindow window : state.open()) {
            out.writeLong(window.startMs());
            out.writeLong(window.endMs());
            out.writeLong(window.count());
            out.writeInt(window.fields().size());
            for (Map.Entry<String, FieldSummary> field : window.fields().entrySet()) {
                FieldSummary summary = field.getValue();
                out.writeUTF(field.getKey());
                out.writeLong(summary.count());
                out.writeDouble(summary.min());
                out.writeDouble(summary.sum());
                out.writeInt(summary.largest().length);
                for (double value : summary.largest()) {
                    out.writeDouble(value);
                }
            }
        }
        WindowStats last = state.lastCompleted();
        out.writeBoolean(last != null);
        if (last != null) {
            out.writeLong(last.start().toEpochMilli());
            out.writeLong(last.end().toEpochMilli());
            out.writeLong(last.count());
            out.writeInt(last.fields().size());
            for (Map.Entry<String, FieldStats> field : new TreeMap<>(last.fields()).entrySet()) {
                out.writeUTF(field.getKey());
                out.writeDouble(field.getValue().min());
                out.writeDouble(field.getValue().max());
                out.writeDouble(field.getValue().mean());
                out.writeDouble(field.getValue().p95());
            }
        }
    }

    private static WindowState readWindows(DataInputStream in) throws IOException {
        long streamTime = in.readLong();
        long seenAt = in.readLong();
        long closedUpTo = in.readLong();
        int windows = in.readInt();
        List<OpenWindow> open = new ArrayList<>(windows);
        for (int w = 0; w < windows; w++) {
            long start = in.readLong();
            long end = in.readLong();
            long count = in.readLong();
            int fields = in.readInt();
            Map<String, FieldSummary> summaries = new LinkedHashMap<>();
            for (int f = 0; f < fields; f++) {
                String name = in.readUTF();
                long fieldCount = in.readLong();
                double min = in.readDouble();
                double sum = in.readDouble();
                double[] largest = new double[in.readInt()];
                for (int i = 0; i < largest.length; i++) {
                    largest[i] = in.readDouble();
                }
                summaries.put(name, new FieldSummary(fieldCount, min, sum, largest));
            }
            open.add(new OpenWindow(start, end, count, summaries));
        }
        WindowStats last = null;
        if (in.readBoolean()) {
            Instant start = Instant.ofEpochMilli(in.readLong());
            Instant end = Instant.ofEpochMilli(in.readLong());
            long count = in.readLong();
            int fields = in.readInt();
            Map<String, FieldStats> stats = new LinkedHashMap<>();
            for (int f = 0; f < fields; f++) {
                stats.put(
                        in.readUTF(),
                        new FieldStats(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()));
            }
            last = new WindowStats(start, end, count, stats);
        }
        return new WindowState(streamTime, seenAt, closedUpTo, open, last);
    }

    @Override
    public Serializer<StreamState> serializer() {
        return this;
    }

    @Override
    public Deserializer<StreamState> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Configured by construction.
    }

    @Override
    public void close() {
        // Nothing to release: the mapper is shared.
    }
}

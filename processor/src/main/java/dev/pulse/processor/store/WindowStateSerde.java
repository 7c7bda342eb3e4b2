package dev.pulse.processor.store;

import dev.pulse.common.model.FieldStats;
import dev.pulse.common.model.WindowStats;
import dev.pulse.processor.window.OpenWindow;
import dev.pulse.processor.window.WindowState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Window state in a small binary form. Unlike the last-good store (JSON, read by people in incidents),
 * this one holds every sample of the open windows and is rewritten on every reading: as JSON its
 * encoding was the largest cost per reading. Format version 1: a version byte, then fixed fields.
 */
final class WindowStateSerde implements Serde<WindowState>, Serializer<WindowState>, Deserializer<WindowState> {
    private static final byte VERSION = 1;

    @Override
    public byte[] serialize(String topic, WindowState state) {
        if (state == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(state.streamTimeMs());
            out.writeLong(state.streamTimeSeenAtMs());
            out.writeLong(state.closedUpToMs());
            out.writeInt(state.open().size());
            for (OpenWindow window : state.open()) {
                out.writeLong(window.startMs());
                out.writeLong(window.endMs());
                out.writeInt(window.samples().size());
                for (Map.Entry<String, List<Double>> field : window.samples().entrySet()) {
                    out.writeUTF(field.getKey());
                    out.writeInt(field.getValue().size());
                    for (double value : field.getValue()) {
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
                for (Map.Entry<String, FieldStats> field : new java.util.TreeMap<>(last.fields()).entrySet()) {
                    out.writeUTF(field.getKey());
                    out.writeDouble(field.getValue().min());
                    out.writeDouble(field.getValue().max());
                    out.writeDouble(field.getValue().mean());
                    out.writeDouble(field.getValue().p95());
                }
            }
        } catch (IOException e) {
            throw new SerializationException("cannot write window state to " + topic, e);
        }
        return bytes.toByteArray();
    }

    @Override
    public WindowState deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown window state version " + version + " in " + topic);
            }
            long streamTime = in.readLong();
            long seenAt = in.readLong();
            long closedUpTo = in.readLong();
            int windows = in.readInt();
            List<OpenWindow> open = new ArrayList<>(windows);
            for (int w = 0; w < windows; w++) {
                long start = in.readLong();
                long end = in.readLong();
                int fields = in.readInt();
                Map<String, List<Double>> samples = new LinkedHashMap<>();
                for (int f = 0; f < fields; f++) {
                    String name = in.readUTF();
                    int n = in.readInt();
                    List<Double> values = new ArrayList<>(n + 1);
                    for (int i = 0; i < n; i++) {
                        values.add(in.readDouble());
                    }
                    samples.put(name, values);
                }
                open.add(new OpenWindow(start, end, samples));
            }
            WindowStats last = null;
            if (in.readBoolean()) {
                Instant start = Instant.ofEpochMilli(in.readLong());
                Instant end = Instant.ofEpochMilli(in.readLong());
                long count = in.readLong();
                int fields = in.readInt();
                Map<String, FieldStats> stats = new LinkedHashMap<>();
                for (int f = 0; f < fields; f++) {
                    stats.put(in.readUTF(), new FieldStats(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()));
                }
                last = new WindowStats(start, end, count, stats);
            }
            return new WindowState(streamTime, seenAt, closedUpTo, open, last);
        } catch (IOException e) {
            throw new SerializationException("cannot read window state from " + topic, e);
        }
    }

    @Override
    public Serializer<WindowState> serializer() {
        return this;
    }

    @Override
    public Deserializer<WindowState> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure
    }

    @Override
    public void close() {
        // nothing to release
    }
}

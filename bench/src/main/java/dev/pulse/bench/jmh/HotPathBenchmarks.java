package dev.pulse.bench.jmh;

import dev.pulse.bench.throughput.ReadingMix;
import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.AnalyticsValues;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.FieldStats;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.common.model.WindowStats;
import dev.pulse.processor.gate.GatedReading;
import dev.pulse.processor.gate.RawReadingParser;
import dev.pulse.processor.store.StreamState;
import dev.pulse.processor.store.StreamStateSerde;
import dev.pulse.processor.window.TumblingWindows;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The processor's per-reading hot paths, each one operation per reading: the gate (bytes → JSON → validated values,
 * over the same mix as the throughput run, invalid ones included), the stream event serde (what each output record
 * costs), and the window statistics (one reading into a 60 s window of 1 Hz readings, then the store's serde round trip
 * the processor does for it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmarks {
    private static final int MIX = 200;

    private final RawReadingParser parser = new RawReadingParser();
    private final byte[][] keys = new byte[MIX][];
    private final byte[][] values = new byte[MIX][];
    private int next;

    private final JsonSerde<StreamEvent<StreamValues>> eventSerde = JsonSerde.streamEvent(StreamName.ANALYTICS);
    private StreamEvent<StreamValues> event;

    private final TumblingWindows windows = new TumblingWindows(Duration.ofSeconds(60), Duration.ofSeconds(5));
    private final StreamStateSerde stateSerde = new StreamStateSerde();
    private final Map<String, Double> fields = new LinkedHashMap<>();
    private StreamState state = StreamState.empty(StreamName.ANALYTICS);
    private long eventMs = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();

    @Setup
    public void setUp() {
        ReadingMix mix = new ReadingMix();
        for (int i = 0; i < MIX; i++) {
            keys[i] = ReadingMix.engineId(i).getBytes(StandardCharsets.UTF_8);
            values[i] = mix.value(i);
        }
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        Map<String, FieldStats> stats = new LinkedHashMap<>();
        for (String f : new String[] {
            "active_nodes", "active_edges", "query_rate", "cache_hit_rate", "memory_usage", "cpu_usage", "response_time"
        }) {
            stats.put(f, new FieldStats(1, 100, 50.5, 95));
            fields.put(f, 42.0);
        }
        WindowStats window = new WindowStats(now, now.plusSeconds(60), 60, stats);
        event = new StreamEvent<>(
                "bench-1",
                StreamName.ANALYTICS,
                EventStatus.LIVE,
                1,
                1234,
                now,
                now,
                3,
                null,
                new AnalyticsValues(120, 340, 55.5, 0.93, 812.5, 37.2, 4.2, now),
                window,
                window);
    }

    /** One raw record through the gate: parse, envelope checks, payload validation. */
    @Benchmark
    public GatedReading parseAndValidate() {
        int i = next++ % MIX;
        return parser.parse(keys[i], values[i]);
    }

    /** One output event serialized and read back (the gateway reads what the processor writes). */
    @Benchmark
    public StreamEvent<StreamValues> streamEventSerde() {
        return eventSerde.deserialize("t", eventSerde.serialize("t", event));
    }

    /** One reading into the stream's state, as the processor does it: read from the store, add, write back. */
    @Benchmark
    public StreamState windowStatistics() {
        eventMs += 1000;
        StreamState stored = stateSerde.deserialize("s", stateSerde.serialize("s", state));
        state = stored.with(
                windows.add(stored.windows(), eventMs, eventMs, fields).state());
        return state;
    }
}

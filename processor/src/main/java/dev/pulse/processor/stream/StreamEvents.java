package dev.pulse.processor.stream;

import dev.pulse.processor.StreamTiming;
import dev.pulse.processor.engines.LiveEngines;
import dev.pulse.processor.gate.GatedReading;
import dev.pulse.processor.metrics.PipelineMetrics;
import dev.pulse.processor.store.StoreNames;
import dev.pulse.processor.store.StreamStateSerde;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Supplies the {@link StreamProcessor} together with the store it owns. */
public final class StreamEvents {
    private StreamEvents() {}

    /** One {@link StreamProcessor} per task; all of them share the instance's {@code liveEngines}. */
    public static ProcessorSupplier<String, GatedReading, String, StreamOutput> supplier(
            StreamTiming timing, PipelineMetrics metrics, LiveEngines liveEngines) {
        return new ProcessorSupplier<>() {
            @Override
            public StreamProcessor get() {
                return new StreamProcessor(timing, metrics, liveEngines);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                // In memory and changelogged: the state is one small record per engine and stream, so a
                // (re)started instance restores it from the compacted changelog in moments, and the
                // processor loads no RocksDB and its native memory. Caching
                // (off by default for Processor API stores) folds the writes of one key between two
                // commits into one changelog record.
                return Set.of(Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(StoreNames.STREAM_STATE),
                                Serdes.String(),
                                new StreamStateSerde())
                        .withCachingEnabled());
            }
        };
    }
}

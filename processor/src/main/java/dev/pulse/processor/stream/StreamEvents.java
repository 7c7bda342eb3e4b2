package dev.pulse.processor.stream;

import dev.pulse.common.model.StreamName;
import dev.pulse.processor.StreamTiming;
import dev.pulse.processor.metrics.PipelineMetrics;
import dev.pulse.processor.store.StoreNames;
import dev.pulse.processor.store.StoreSerdes;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Supplies one stream's {@link StreamProcessor} together with the two stores it owns. */
public final class StreamEvents {
    private StreamEvents() {}

    public static ProcessorSupplier<String, dev.pulse.processor.gate.GatedReading, String, dev.pulse.common.model.StreamEvent<dev.pulse.common.model.StreamValues>>
            supplier(StreamName stream, StreamTiming timing, PipelineMetrics metrics) {
        return new ProcessorSupplier<>() {
            @Override
            public StreamProcessor get() {
                return new StreamProcessor(stream, timing, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                // Persistent and changelogged (the default): a restart on the same disk resumes at once, an
                // instance on an empty disk restores from the changelog. Caching (off by default for
                // Processor API stores) folds the many writes of one engine between two commits into one
                // RocksDB write and one changelog record: without it, each reading cost two of each.
                return Set.of(
                        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.lastGood(stream)), Serdes.String(), StoreSerdes.lastGood(stream))
                                .withCachingEnabled(),
                        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.window(stream)), Serdes.String(), StoreSerdes.windowState())
                                .withCachingEnabled());
            }
        };
    }
}

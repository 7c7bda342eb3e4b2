package dev.pulse.processor.alert;

import dev.pulse.common.json.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** The evaluator's store: {@link EngineAlerts} per engine, as JSON (an operator can read the changelog). */
public final class AlertStore {
    /** Changelog topic {@code <application.id>-alert-state-store-changelog}. */
    public static final String NAME = "alert-state-store";

    private AlertStore() {}

    static StoreBuilder<KeyValueStore<String, EngineAlerts>> builder() {
        // In memory and changelogged like the stream state. It is written only on a transition, so in a
        // commit without one its changelog partition is not part of the transaction at all.
        return Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(NAME), Serdes.String(), JsonSerde.of(EngineAlerts.class))
                .withCachingEnabled();
    }
}

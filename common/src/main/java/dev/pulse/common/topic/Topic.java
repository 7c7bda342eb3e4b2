package dev.pulse.common.topic;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the pipeline: its name and the serdes of what it carries. Get them from {@link PipelineTopics}, which
 * knows the deployment's prefix; never spell a topic name elsewhere.
 *
 * @param name the full topic name, prefix included
 * @param keySerde how keys are written
 * @param valueSerde how values are written
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }
}

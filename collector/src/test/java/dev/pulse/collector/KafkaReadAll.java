package dev.pulse.collector;

import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.RawReading;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.testing.KafkaTestClient;
import java.util.List;

/** Every raw reading of one engine on the topic, decoded. */
record KafkaReadAll(String bootstrapServers) {
    List<RawReading> raw(String engine) {
        return new KafkaTestClient(bootstrapServers)
                .readAll(PipelineTopics.PUBLIC.raw().name()).stream()
                        .filter(r -> engine.equals(r.key()))
                        .map(r -> JsonSerde.rawReading()
                                .deserialize(PipelineTopics.PUBLIC.raw().name(), r.value()))
                        .toList();
    }
}

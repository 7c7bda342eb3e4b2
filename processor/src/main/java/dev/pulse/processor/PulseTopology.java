package dev.pulse.processor;

import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.processor.gate.GatedReading;
import dev.pulse.processor.gate.GatedReading.Measurement;
import dev.pulse.processor.gate.GatedReading.Rejected;
import dev.pulse.processor.gate.GatedReading.StatusReport;
import dev.pulse.processor.gate.ReadingGate;
import dev.pulse.processor.metrics.PipelineMetrics;
import dev.pulse.processor.stream.StreamEvents;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The processor's topology, a pure function of its configuration (tests drive exactly this):
 *
 * <pre>
 * raw (bytes) ─► gate ─┬─ rejected ──────────────────────────────► dead-letter topic (source bytes + headers)
 *                      ├─ status ─────┐
 *                      └─ measurement ┴─► stream events ─┬─ analytics ─► dashboard.analytics
 *                              (windows, last-known-good, ├─ memory ────► dashboard.memory
 *                               punctuator; one store)    └─ graph ─────► dashboard.graph
 * </pre>
 *
 * <p>Dead letters leave through an ordinary sink, so they are part of the same exactly-once transaction as the events;
 * the raw topic is read as bytes so a record that is not even JSON still reaches that sink unchanged. No step changes
 * the key's partitioning, so there is no repartition topic.
 */
public final class PulseTopology {
    private PulseTopology() {}

    public static Topology build(ProcessorConfig config) {
        return build(config, PipelineMetrics.noop());
    }

    public static Topology build(ProcessorConfig config, PipelineMetrics metrics) {
        TopicNames topics = config.topics();
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, GatedReading> gated = builder.stream(
                        topics.raw(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw-readings"))
                .process(() -> new ReadingGate(metrics), Named.as("gate"));

        Map<String, KStream<String, GatedReading>> routes = gated.split(Named.as("route-"))
                .branch((engine, reading) -> reading instanceof Rejected, Branched.as("rejected"))
                .branch((engine, reading) -> reading instanceof StatusReport, Branched.as("status"))
                .branch((engine, reading) -> reading instanceof Measurement, Branched.as("measurement"))
                .noDefaultBranch();

        routes.get("route-rejected")
                .map(
                        (engine, reading) -> {
                            Rejected rejected = (Rejected) reading;
                            return KeyValue.pair(rejected.rawKey(), rejected.rawValue());
                        },
                        Named.as("dead-letter-bytes"))
                .peek((key, value) -> metrics.recordOut(topics.dlq()), Named.as("dead-letter-count"))
                .to(
                        topics.dlq(),
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dead-letters"));

        KStream<String, StreamEvent<StreamValues>> events = routes.get("route-measurement")
                .merge(routes.get("route-status"), Named.as("stream-input"))
                .process(StreamEvents.supplier(config.timing(), metrics), Named.as("stream-events"));
        for (StreamName stream : StreamName.values()) {
            String topic = topics.of(stream);
            events.filter((engine, event) -> event.stream() == stream, Named.as(stream.wireName() + "-events"))
                    .peek((engine, event) -> metrics.recordOut(topic), Named.as(stream.wireName() + "-count"))
                    .to(
                            topic,
                            Produced.with(Serdes.String(), JsonSerde.<StreamValues>streamEvent(stream))
                                    .withName(stream.wireName() + "-sink"));
        }
        return builder.build();
    }

    /** The serde of one dashboard topic's values, as written here. */
    public static JsonSerde<StreamEvent<StreamValues>> eventSerde(StreamName stream) {
        return JsonSerde.streamEvent(stream);
    }
}

package dev.pulse.processor;

import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.Alert;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.Topic;
import dev.pulse.processor.alert.AlertEvaluation;
import dev.pulse.processor.alert.AlertMetrics;
import dev.pulse.processor.engines.LiveEngines;
import dev.pulse.processor.gate.GatedReading;
import dev.pulse.processor.gate.GatedReading.Measurement;
import dev.pulse.processor.gate.GatedReading.Rejected;
import dev.pulse.processor.gate.GatedReading.StatusReport;
import dev.pulse.processor.gate.PartitionCountLookup;
import dev.pulse.processor.gate.RawPartitioning;
import dev.pulse.processor.gate.ReadingGate;
import dev.pulse.processor.metrics.PipelineMetrics;
import dev.pulse.processor.stream.StreamEvents;
import dev.pulse.processor.stream.StreamOutput;
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
 *                               back-off, retirement;     ├─ graph ─────► dashboard.graph
 *                               punctuator; one store)    │  (events, and a tombstone after RETIRED)
 *                                                         └─ alert evaluation ─► engine.alerts
 *                                                            (thresholds; transitions only; own store)
 * </pre>
 *
 * <p>Dead letters leave through an ordinary sink, so they are part of the same exactly-once transaction as the events;
 * the raw topic is read as bytes so a record that is not even JSON still reaches that sink unchanged. No step changes
 * the key's partitioning, so there is no repartition topic.
 */
public final class PulseTopology {
    private PulseTopology() {}

    public static Topology build(ProcessorConfig config) {
        return build(config, PipelineMetrics.noop(), PartitionCountLookup.fixed(1));
    }

    /**
     * @param rawPartitions how many partitions the raw topic has (the gate's check of where each reading belongs); a
     *     {@code TopologyTestDriver} reads every topic as one partition, 0
     */
    public static Topology build(ProcessorConfig config, PipelineMetrics metrics, PartitionCountLookup rawPartitions) {
        PipelineTopics topics = config.topics();
        // One per topology, i.e. per Kafka Streams instance: the engine cap is the instance's, across its tasks.
        LiveEngines liveEngines = new LiveEngines(config.maxEngines());
        metrics.liveEngines(liveEngines);
        RawPartitioning partitioning = new RawPartitioning(topics.raw().name(), rawPartitions);
        metrics.rawPartitions(partitioning::partitions);
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, GatedReading> gated = builder.stream(
                        topics.raw().name(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw-readings"))
                .process(() -> new ReadingGate(metrics, liveEngines, partitioning), Named.as("gate"));

        Map<String, KStream<String, GatedReading>> routes = gated.split(Named.as("route-"))
                .branch((engine, reading) -> reading instanceof Rejected, Branched.as("rejected"))
                .branch((engine, reading) -> reading instanceof StatusReport, Branched.as("status"))
                .branch((engine, reading) -> reading instanceof Measurement, Branched.as("measurement"))
                .noDefaultBranch();

        Topic<byte[], byte[]> dlq = topics.dlq();
        routes.get("route-rejected")
                .map(
                        (engine, reading) -> {
                            Rejected rejected = (Rejected) reading;
                            return KeyValue.pair(rejected.rawKey(), rejected.rawValue());
                        },
                        Named.as("dead-letter-bytes"))
                .peek((key, value) -> metrics.recordOut(dlq.name()), Named.as("dead-letter-count"))
                .to(dlq.name(), Produced.with(dlq.keySerde(), dlq.valueSerde()).withName("dead-letters"));

        KStream<String, StreamOutput> events = routes.get("route-measurement")
                .merge(routes.get("route-status"), Named.as("stream-input"))
                .process(StreamEvents.supplier(config.timing(), metrics, liveEngines), Named.as("stream-events"));
        for (StreamName stream : StreamName.values()) {
            Topic<String, StreamEvent<StreamValues>> topic = topics.dashboard(stream);
            events.filter((engine, output) -> output.stream() == stream, Named.as(stream.wireName() + "-events"))
                    .peek((engine, output) -> metrics.recordOut(topic.name()), Named.as(stream.wireName() + "-count"))
                    // A null event is the tombstone that follows a RETIRED event.
                    .mapValues(StreamOutput::event, Named.as(stream.wireName() + "-values"))
                    .to(
                            topic.name(),
                            Produced.with(topic.keySerde(), topic.valueSerde()).withName(stream.wireName() + "-sink"));
        }
        Topic<String, Alert> alerts = topics.alerts();
        events.process(
                        AlertEvaluation.supplier(config.alerts(), new AlertMetrics(metrics.registry())),
                        Named.as("alert-evaluation"))
                .peek((engine, alert) -> metrics.recordOut(alerts.name()), Named.as("alerts-count"))
                .to(
                        alerts.name(),
                        Produced.with(alerts.keySerde(), alerts.valueSerde()).withName("alerts-sink"));
        return builder.build();
    }

    /** The serde of one dashboard topic's values, as written here. */
    public static JsonSerde<StreamEvent<StreamValues>> eventSerde(StreamName stream) {
        return JsonSerde.streamEvent(stream);
    }
}

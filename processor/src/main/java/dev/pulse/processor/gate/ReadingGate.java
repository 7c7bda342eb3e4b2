package dev.pulse.processor.gate;

import dev.pulse.common.model.EngineState;
import dev.pulse.processor.deadletter.DeadLetterHeaders;
import dev.pulse.processor.deadletter.DeadLetterReason;
import dev.pulse.processor.engines.LiveEngines;
import dev.pulse.processor.gate.GatedReading.Rejected;
import dev.pulse.processor.metrics.PipelineMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology's entry: the raw topic is read as bytes, so nothing fails before this point and a dead letter can carry
 * the exact source bytes. Valid readings leave keyed by engine id; rejected ones leave with a null key (their source
 * key rides in the {@link Rejected}) and the dead-letter headers. A valid reading on another partition than its key's
 * ({@link RawPartitioning}) is rejected as {@code wrong-partition}. A valid reading of an engine that is not live yet
 * needs room under the instance's cap ({@link LiveEngines}), else it is rejected as {@code engine-limit}; a RETIRED
 * report needs none, as it only ever frees room.
 */
public final class ReadingGate implements Processor<byte[], byte[], String, GatedReading> {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingGate.class);

    private final RawReadingParser parser = new RawReadingParser();
    private final PipelineMetrics metrics;
    private final LiveEngines liveEngines;
    private final RawPartitioning partitioning;
    private ProcessorContext<String, GatedReading> context;

    public ReadingGate(PipelineMetrics metrics, LiveEngines liveEngines, RawPartitioning partitioning) {
        this.metrics = metrics;
        this.liveEngines = liveEngines;
        this.partitioning = partitioning;
    }

    @Override
    public void init(ProcessorContext<String, GatedReading> context) {
        this.context = context;
        partitioning.prime(context.currentSystemTimeMs());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        metrics.recordIn(source.topic());
        GatedReading gated = admit(placed(parser.parse(record.key(), record.value()), record, source), record);
        switch (gated) {
            case Rejected rejected -> {
                metrics.deadLetter(rejected.reason());
                context.forward(new Record<String, GatedReading>(
                        null,
                        rejected,
                        record.timestamp(),
                        DeadLetterHeaders.of(
                                record.headers(),
                                rejected.reason(),
                                rejected.fields(),
                                rejected.detail(),
                                source.topic(),
                                source.partition(),
                                source.offset())));
            }
            case GatedReading.Measurement m ->
                context.forward(record.withKey(m.engineId()).withValue(gated));
            case GatedReading.StatusReport s ->
                context.forward(record.withKey(s.engineId()).withValue(gated));
        }
    }

    /** Checked after the parser, so a broken record keeps its own reason, and before the cap, so it takes no room. */
    private GatedReading placed(GatedReading gated, Record<byte[], byte[]> record, RecordMetadata source) {
        if (gated instanceof Rejected) {
            return gated;
        }
        return partitioning
                .check(record.key(), source.partition(), context.currentSystemTimeMs())
                .<GatedReading>map(misplaced -> new Rejected(
                        record.key(),
                        record.value(),
                        DeadLetterReason.WRONG_PARTITION,
                        "key",
                        "key belongs on partition " + misplaced.expected() + " of " + misplaced.partitions()
                                + " (murmur2, as the Java client partitions), arrived on partition "
                                + misplaced.actual()
                                + ": a librdkafka producer needs partitioner=murmur2_random"))
                .orElse(gated);
    }

    private GatedReading admit(GatedReading gated, Record<byte[], byte[]> record) {
        String engineId = switch (gated) {
            case Rejected rejected -> null;
            case GatedReading.Measurement m -> m.engineId();
            case GatedReading.StatusReport s -> s.status().state() == EngineState.RETIRED ? null : s.engineId();
        };
        if (engineId == null || liveEngines.admit(engineId)) {
            return gated;
        }
        long refused = liveEngines.refusedLogDue(context.currentSystemTimeMs());
        if (refused > 0) {
            LOG.warn(
                    "engine limit reached max={} refused={} engine={} (logged at most once a minute)",
                    liveEngines.max(),
                    refused,
                    engineId);
        }
        return new Rejected(
                record.key(),
                record.value(),
                DeadLetterReason.ENGINE_LIMIT,
                "engine_id",
                "this processor instance already keeps " + liveEngines.max() + " live engines (PROCESSOR_MAX_ENGINES)");
    }
}

package dev.pulse.processor.gate;

import dev.pulse.processor.deadletter.DeadLetterHeaders;
import dev.pulse.processor.gate.GatedReading.Rejected;
import dev.pulse.processor.metrics.PipelineMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The topology's entry: the raw topic is read as bytes, so nothing fails before this point and a dead letter can carry
 * the exact source bytes. Valid readings leave keyed by engine id; rejected ones leave with a null key (their source
 * key rides in the {@link Rejected}) and the dead-letter headers.
 */
public final class ReadingGate implements Processor<byte[], byte[], String, GatedReading> {
    private final RawReadingParser parser = new RawReadingParser();
    private final PipelineMetrics metrics;
    private ProcessorContext<String, GatedReading> context;

    public ReadingGate(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, GatedReading> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        metrics.recordIn(source.topic());
        GatedReading gated = parser.parse(record.key(), record.value());
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
}

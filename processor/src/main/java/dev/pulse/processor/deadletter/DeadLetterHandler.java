package dev.pulse.processor.deadletter;

import dev.pulse.processor.metrics.PipelineMetrics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's safety net, installed as Kafka Streams' deserialization, processing and production exception handler:
 * whatever fails on a record, the record goes to the dead-letter topic (KIP-1034: the records returned here are written
 * by the task's own producer, so inside the same exactly-once transaction) and processing continues. Bad <em>data</em>
 * never gets here: {@code ReadingGate} routes it in the topology; this catches bugs and unwritable output, so the
 * processor never stops.
 *
 * <p>The dead-letter topic is {@code errors.dead.letter.queue.topic.name}; the metrics instance is passed as the
 * {@link #METRICS_CONFIG} property.
 */
public final class DeadLetterHandler
        implements DeserializationExceptionHandler, ProcessingExceptionHandler, ProductionExceptionHandler {
    /** Config key holding the {@link PipelineMetrics} instance (optional). */
    public static final String METRICS_CONFIG = "pulse.processor.metrics";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

    private String topic;
    private PipelineMetrics metrics = PipelineMetrics.noop();

    @Override
    public void configure(Map<String, ?> configs) {
        Object name = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        topic = name == null ? null : name.toString();
        if (configs.get(METRICS_CONFIG) instanceof PipelineMetrics configured) {
            metrics = configured;
        }
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        return DeserializationExceptionHandler.Response.resume(
                deadLetter(context, DeadLetterReason.DESERIALIZATION_ERROR, exception));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(
            ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        return ProcessingExceptionHandler.Response.resume(
                deadLetter(context, DeadLetterReason.PROCESSING_ERROR, exception));
    }

    @Override
    public ProductionExceptionHandler.Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return ProductionExceptionHandler.Response.retry();
        }
        return ProductionExceptionHandler.Response.resume(
                deadLetter(context, DeadLetterReason.PRODUCTION_ERROR, exception));
    }

    @Override
    public ProductionExceptionHandler.Response handleSerializationError(
            ErrorHandlerContext context,
            @SuppressWarnings("rawtypes") ProducerRecord record,
            Exception exception,
            SerializationExceptionOrigin origin) {
        return ProductionExceptionHandler.Response.resume(
                deadLetter(context, DeadLetterReason.PRODUCTION_ERROR, exception));
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetter(
            ErrorHandlerContext context, DeadLetterReason reason, Exception exception) {
        LOG.error(
                "record failed reason={} topic={} partition={} offset={} node={}",
                reason.wireName(),
                context.topic(),
                context.partition(),
                context.offset(),
                context.processorNodeId(),
                exception);
        // Punctuations have no source record: there is nothing to keep, only the log line above.
        if (topic == null
                || context.topic() == null
                || (context.sourceRawKey() == null && context.sourceRawValue() == null)) {
            return List.of();
        }
        metrics.deadLetter(reason);
        return List.of(new ProducerRecord<>(
                topic,
                null,
                null,
                context.sourceRawKey(),
                context.sourceRawValue(),
                DeadLetterHeaders.of(
                        context.headers(),
                        reason,
                        "$",
                        exception.toString(),
                        context.topic(),
                        context.partition(),
                        context.offset())));
    }
}

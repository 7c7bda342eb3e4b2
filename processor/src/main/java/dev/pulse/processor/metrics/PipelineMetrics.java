package dev.pulse.processor.metrics;

import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamName;
import dev.pulse.processor.deadletter.DeadLetterReason;
import dev.pulse.processor.engines.LiveEngines;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The processor's own meters (Prometheus names {@code pulse_processor_*}); Kafka Streams' metrics are bound next to
 * them. Counters count attempts: a transaction that aborts is retried and counted again, so under exactly-once they can
 * run slightly ahead of what readers see.
 */
public final class PipelineMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer punctuationLag;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.punctuationLag = Timer.builder("pulse.processor.punctuation.lag")
                .description("delay of the wall-clock punctuator beyond its period")
                .register(registry);
    }

    /** Meters that go nowhere, for tests that do not look at them. */
    public static PipelineMetrics noop() {
        return new PipelineMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** {@code pulse_processor_records_in_total{topic}}: records read. */
    public void recordIn(String topic) {
        counter("pulse.processor.records.in", "records read, valid or not", "topic", topic)
                .increment();
    }

    /** {@code pulse_processor_records_out_total{topic}}: records written, dead letters included. */
    public void recordOut(String topic) {
        counter("pulse.processor.records.out", "records written", "topic", topic)
                .increment();
    }

    /** {@code pulse_processor_dlq_records_total{reason}}. */
    public void deadLetter(DeadLetterReason reason) {
        counter("pulse.processor.dlq.records", "records sent to the dead-letter topic", "reason", reason.wireName())
                .increment();
    }

    /** {@code pulse_processor_events_total{stream,status}}: stream events emitted. */
    public void event(StreamName stream, EventStatus status) {
        counter("pulse.processor.events", "stream events emitted", "stream", stream.wireName(), "status", status.name())
                .increment();
    }

    /** {@code pulse_processor_late_readings_total{stream}}: valid readings too late for any open window. */
    public void lateReading(StreamName stream) {
        counter(
                        "pulse.processor.late.readings",
                        "readings whose window had already closed",
                        "stream",
                        stream.wireName())
                .increment();
    }

    /** {@code pulse_processor_collector_runs_total}: engines seen to change collector run (a collector restart). */
    public void collectorRunChanged() {
        counter("pulse.processor.collector.runs", "engines whose readings came from a new collector run")
                .increment();
    }

    /** {@code pulse_processor_engines_retired_total{cause}}: engines retired (cause collector or silence). */
    public void engineRetired(String cause) {
        counter("pulse.processor.engines.retired", "engines retired", "cause", cause)
                .increment();
    }

    /**
     * {@code pulse_processor_live_engines} and {@code pulse_processor_max_engines}: the distinct engines this instance
     * keeps state for, and its cap (refusals are {@code pulse_processor_dlq_records_total{reason="engine-limit"}}).
     */
    public void liveEngines(LiveEngines engines) {
        Gauge.builder("pulse.processor.live.engines", engines, LiveEngines::count)
                .description("distinct engines this instance keeps state for")
                .register(registry);
        Gauge.builder("pulse.processor.max.engines", engines, LiveEngines::max)
                .description("PROCESSOR_MAX_ENGINES")
                .register(registry);
    }

    /**
     * {@code pulse_processor_raw_partitions}: the raw topic's partition count as the gate last saw it (0 before the
     * first reading); readings on the wrong partition are {@code pulse_processor_dlq_records_total{reason=
     * "wrong-partition"}}.
     */
    public void rawPartitions(IntSupplier partitions) {
        Gauge.builder("pulse.processor.raw.partitions", partitions::getAsInt)
                .description("partitions of the raw topic, as the gate last looked them up")
                .register(registry);
    }

    /**
     * {@code pulse_processor_punctuation_lag_seconds}: how much later than its period a punctuation ran (one per stream
     * task).
     */
    public void punctuationLag(Duration lag) {
        punctuationLag.record(lag);
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(
                name + String.join("|", tags),
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}

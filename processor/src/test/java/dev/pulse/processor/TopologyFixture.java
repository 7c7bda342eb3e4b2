package dev.pulse.processor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.common.config.Env;
import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.processor.gate.PartitionCountLookup;
import dev.pulse.processor.metrics.PipelineMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The real topology ({@link PulseTopology#build}) on a {@link TopologyTestDriver} with a mock wall clock starting at
 * {@link #START}, the service's own Streams properties (exactly-once, dead-letter handler).
 */
final class TopologyFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    final ProcessorConfig config;
    final PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> raw;
    final TestOutputTopic<byte[], byte[]> dlq;
    private final Map<StreamName, TestOutputTopic<String, StreamEvent<StreamValues>>> events = new HashMap<>();

    TopologyFixture() {
        this(Map.of());
    }

    TopologyFixture(Map<String, String> env) {
        this(env, 1);
    }

    /**
     * @param rawPartitions the raw topic's partition count the gate is told; the driver delivers every record on
     *     partition 0, so with more than one only keys that belong on 0 are accepted
     */
    TopologyFixture(Map<String, String> env, int rawPartitions) {
        Map<String, String> all = new HashMap<>(
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "dummy:9092", "PROCESSOR_APPLICATION_ID", "topology-test"));
        all.putAll(env);
        try {
            all.putIfAbsent(
                    "PROCESSOR_STATE_DIR",
                    Files.createTempDirectory("pulse-topology-test").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config = ProcessorConfig.fromEnv(new Env(all));
        driver = new TopologyTestDriver(
                PulseTopology.build(config, metrics, PartitionCountLookup.fixed(rawPartitions)),
                StreamsProperties.of(config, metrics),
                START);
        raw = driver.createInputTopic(
                config.topics().raw().name(),
                new ByteArraySerializer(),
                new ByteArraySerializer(),
                START,
                Duration.ZERO);
        dlq = driver.createOutputTopic(
                config.topics().dlq().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        for (StreamName stream : StreamName.values()) {
            JsonSerde<StreamEvent<StreamValues>> serde = JsonSerde.streamEvent(stream);
            events.put(
                    stream,
                    driver.createOutputTopic(
                            config.topics().dashboard(stream).name(), new StringDeserializer(), serde));
        }
    }

    void send(String key, byte[] value) {
        raw.pipeInput(Readings.bytes(key), value);
    }

    void send(String engineId, String kind, long sequence, Instant collectedAt, ObjectNode payload) {
        send(engineId, Readings.bytes(Readings.envelope(engineId, kind, sequence, collectedAt, payload)));
    }

    void sendWithHeaders(byte[] key, byte[] value, Headers headers) {
        raw.pipeInput(new TestRecord<>(key, value, headers, now()));
    }

    Instant now() {
        return START.plus(elapsed);
    }

    private Duration elapsed = Duration.ZERO;

    void advance(Duration duration) {
        elapsed = elapsed.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    /** Advances in punctuation-sized steps, as a real clock would. */
    void advanceStepwise(Duration total) {
        Duration step = config.timing().punctuateInterval();
        for (Duration done = Duration.ZERO; done.compareTo(total) < 0; done = done.plus(step)) {
            advance(step);
        }
    }

    List<StreamEvent<StreamValues>> events(StreamName stream) {
        return events.get(stream).readValuesToList();
    }

    List<TestRecord<String, StreamEvent<StreamValues>>> eventRecords(StreamName stream) {
        return events.get(stream).readRecordsToList();
    }

    double counter(String name, String... tags) {
        var counter = metrics.registry().find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private boolean closed;

    /** Closes the driver (and so the tasks); a second call does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            driver.close();
        }
    }
}

package dev.pulse.faults;

import dev.pulse.common.model.ReadingKind;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Valid readings written straight to {@code engine.readings.raw} with a plain idempotent producer, as the collector
 * would: per engine, one reading of each data kind per round, sequence numbers from 1. Being the only writer makes the
 * exactly-once check exact: every sequence it wrote must come out once.
 */
final class RawLoad implements AutoCloseable {
    private static final List<ReadingKind> KINDS = List.of(ReadingKind.SYSTEM, ReadingKind.MEMORY, ReadingKind.GRAPH);

    private final KafkaProducer<String, byte[]> producer;
    private final List<String> engines;
    private final Duration period;
    private final Map<String, Long> written = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile boolean paused;
    private Thread thread;

    RawLoad(String bootstrapServers, List<String> engines, Duration period) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(p);
        this.engines = List.copyOf(engines);
        this.period = period;
    }

    /** Writes one round (every engine, every kind) now, in this thread. */
    void round() {
        Instant now = Instant.now();
        for (String engine : engines) {
            for (ReadingKind kind : KINDS) {
                String key = key(engine, StreamName.forKind(kind).orElseThrow());
                long sequence = written.merge(key, 1L, Long::sum);
                producer.send(
                        new ProducerRecord<>(
                                PipelineTopics.PUBLIC.raw().name(),
                                engine,
                                Readings.bytes(Readings.valid(engine, kind, sequence, now))),
                        (metadata, error) -> {
                            if (error != null) {
                                failures.incrementAndGet();
                                firstFailure.compareAndSet(null, error);
                            }
                        });
            }
        }
    }

    /** Starts writing a round every period on a background thread. */
    RawLoad start() {
        thread = Thread.ofPlatform().daemon().name("raw-load").start(() -> {
            long next = System.nanoTime();
            while (running) {
                if (!paused) {
                    round();
                }
                next += period.toNanos();
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait); // pacing a load generator, not waiting for a condition
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        return this;
    }

    void pause(boolean pause) {
        paused = pause;
    }

    /** Stops writing and waits until the broker has acknowledged everything written. */
    void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.flush();
    }

    /** The last sequence written per "engine/stream". */
    Map<String, Long> written() {
        return new TreeMap<>(written);
    }

    long total() {
        return written.values().stream().mapToLong(Long::longValue).sum();
    }

    long failures() {
        return failures.get();
    }

    Exception firstFailure() {
        return firstFailure.get();
    }

    static String key(String engine, StreamName stream) {
        return engine + "/" + stream.wireName();
    }

    @Override
    public void close() {
        running = false;
        producer.close(Duration.ofSeconds(5));
    }
}

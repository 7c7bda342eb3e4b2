package dev.pulse.collector.publish;

import dev.pulse.collector.PublishSettings;
import dev.pulse.collector.metrics.CollectorMetrics;
import dev.pulse.collector.poll.ReadingSink;
import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.kafka.KafkaRefusal;
import dev.pulse.common.model.RawReading;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.TopicSettings;
import dev.pulse.common.topic.TopicSetup;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves readings from the {@link ReadingBuffer} to the raw topic on its own thread, with an idempotent {@code acks=all}
 * producer. While Kafka is unreachable the pollers keep going and the buffer keeps the newest readings; when Kafka is
 * back the buffer drains, in order. Topic creation happens here too, retried in the background, so start-up never waits
 * for Kafka.
 */
public final class ReadingPublisher implements ReadingSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingPublisher.class);
    /** In-flight readings unacknowledged for this long mean Kafka is unreachable. */
    private static final Duration STALL = Duration.ofSeconds(5);

    private static final Duration PAUSE = Duration.ofMillis(500);
    /** Between two checks of a write permission Kafka refused: an operator's grant takes a while. */
    private static final Duration REFUSAL_PAUSE = Duration.ofSeconds(5);

    private final ReadingBuffer buffer;
    private final Producer<String, byte[]> producer;
    private final Serializer<RawReading> serializer = JsonSerde.rawReading().serializer();
    private final KafkaSettings kafka;
    private final PipelineTopics names;
    private final String rawTopic;
    private final TopicSettings topics;
    private final PublishSettings settings;
    private final CollectorMetrics metrics;
    private final KafkaLink link;
    private final Thread sender;
    private volatile boolean running = true;
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile long closeDeadlineNanos;

    private ReadingPublisher(
            Producer<String, byte[]> producer,
            KafkaSettings kafka,
            PipelineTopics names,
            TopicSettings topics,
            PublishSettings settings,
            CollectorMetrics metrics) {
        this.buffer = new ReadingBuffer(settings.bufferCapacity(), settings.bufferBytes());
        this.producer = producer;
        this.kafka = kafka;
        this.names = names;
        this.rawTopic = names.raw().name();
        this.topics = topics;
        this.settings = settings;
        this.metrics = metrics;
        this.link = new KafkaLink(kafka.bootstrapServers(), buffer);
        this.sender = new Thread(this::run, "collector-publisher");
        metrics.buffer(
                this, p -> p.buffer.size(), p -> p.buffer.bytes(), p -> p.buffer.dropped(), p -> p.link.isUp() ? 1 : 0);
    }

    public static ReadingPublisher start(
            KafkaSettings kafka,
            PipelineTopics names,
            TopicSettings topics,
            PublishSettings settings,
            CollectorMetrics metrics) {
        KafkaClientLogs.quietReconnectWarnings();
        ReadingPublisher publisher = new ReadingPublisher(
                new KafkaProducer<>(producerProperties(kafka), new StringSerializer(), new ByteArraySerializer()),
                kafka,
                names,
                topics,
                settings,
                metrics);
        publisher.sender.start();
        return publisher;
    }

    static Properties producerProperties(KafkaSettings kafka) {
        Properties properties = kafka.toProperties();
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "pulse-collector");
        properties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        // The ReadingBuffer bounds what is in flight; the producer's own pool can stay small.
        properties.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, Integer.toString(8 * 1024 * 1024));
        // Not overridable: no duplicates, no loss once acknowledged, and never give up on a reading in
        // flight (the buffer bounds how many there are); send() waits at most 2 s for metadata.
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        return properties;
    }

    @Override
    public void accept(RawReading reading) {
        if (!buffer.offer(new Pending(reading, serializer.serialize(rawTopic, reading)))) {
            link.dropped();
        }
    }

    /** Empty when Kafka acknowledges readings; otherwise why not. */
    public Optional<String> notReadyReason() {
        return link.isUp()
                ? Optional.empty()
                : Optional.of(
                        "kafka not acknowledging readings: " + buffer.size() + " buffered (" + link.reason() + ")");
    }

    public int buffered() {
        return buffer.size();
    }

    private void run() {
        boolean topicsReady = !settings.createTopics();
        boolean writable = false;
        try {
            while (running) {
                if (!topicsReady) {
                    topicsReady = ensureTopics();
                    continue;
                }
                if (!writable) {
                    writable = mayWrite();
                    continue;
                }
                if (buffer.inFlight() > 0 && System.nanoTime() - lastProgressNanos > STALL.toNanos()) {
                    link.down("no acknowledgement for " + STALL.toSeconds() + " s");
                }
                Pending reading = buffer.takeForSend(200, TimeUnit.MILLISECONDS);
                if (reading != null) {
                    send(reading);
                }
            }
            drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            long remaining = Math.max(0, closeDeadlineNanos - System.nanoTime());
            producer.close(Duration.ofNanos(remaining));
            LOG.info("publisher closed unsent={} dropped={}", buffer.size(), buffer.dropped());
        }
    }

    /** The admin settings of the sender's checks: they fail fast while Kafka is away, and the loop retries. */
    private Map<String, String> failFastAdmin() {
        Map<String, String> admin = new HashMap<>(kafka.clientProperties());
        admin.put("default.api.timeout.ms", "5000");
        admin.put("request.timeout.ms", "5000");
        return admin;
    }

    private boolean ensureTopics() throws InterruptedException {
        try {
            TopicSetup.ensure(new KafkaSettings(kafka.bootstrapServers(), failFastAdmin()), names, topics);
            return true;
        } catch (RuntimeException e) {
            link.down("topic setup failed: " + e.getMessage());
            Thread.sleep(PAUSE.toMillis());
            return false;
        }
    }

    /**
     * Whether Kafka lets this collector write the raw topic (its principal's authorized operations on it). Until it
     * does, readings wait in the buffer: none is sent only to be refused and lost. Unknown (a cluster that does not
     * say) counts as allowed.
     */
    private boolean mayWrite() throws InterruptedException {
        Duration pause = PAUSE;
        try (Admin client = Admin.create(new HashMap<String, Object>(failFastAdmin()))) {
            Set<AclOperation> allowed = client.describeTopics(
                            List.of(rawTopic), new DescribeTopicsOptions().includeAuthorizedOperations(true))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(rawTopic)
                    .authorizedOperations();
            if (allowed == null
                    || allowed.isEmpty()
                    || allowed.contains(AclOperation.WRITE)
                    || allowed.contains(AclOperation.ALL)) {
                return true;
            }
            link.down(new KafkaRefusal(false, "not authorized to WRITE " + rawTopic).describe());
            pause = REFUSAL_PAUSE;
        } catch (ExecutionException e) {
            // A denied describe names no topic: say which one.
            Optional<KafkaRefusal> refusal = KafkaRefusal.in(e)
                    .map(r -> r.login() ? r : new KafkaRefusal(false, "not authorized to DESCRIBE " + rawTopic));
            link.down(refusal.map(KafkaRefusal::describe)
                    .orElse("cannot describe " + rawTopic + ": " + e.getCause().getMessage()));
            pause = refusal.isPresent() ? REFUSAL_PAUSE : PAUSE;
        } catch (TimeoutException | KafkaException e) {
            link.down("cannot describe " + rawTopic + ": " + e.getMessage());
        }
        Thread.sleep(pause.toMillis());
        return false;
    }

    private void send(Pending pending) throws InterruptedException {
        RawReading reading = pending.reading();
        if (buffer.inFlight() == 1) {
            lastProgressNanos = System.nanoTime();
        }
        Thread self = Thread.currentThread();
        RetriableException[] refusedNow = new RetriableException[1];
        try {
            producer.send(new ProducerRecord<>(rawTopic, reading.engineId(), pending.value()), (metadata, error) -> {
                if (error == null) {
                    buffer.completed(pending);
                    lastProgressNanos = System.nanoTime();
                    link.up();
                } else if (Thread.currentThread() == self && error instanceof RetriableException retriable) {
                    // Failed inside send() (no metadata in max.block.ms): not accepted, keep it.
                    refusedNow[0] = retriable;
                } else {
                    buffer.completed(pending);
                    metrics.produceError(reading.engineId(), error);
                    if (!running) {
                        return; // closing: the close summary counts what was not sent
                    }
                    LOG.warn(
                            "reading refused by kafka engine={} kind={} sequence={} error=\"{}\"",
                            reading.engineId(),
                            reading.kind().wireName(),
                            reading.sequence(),
                            error.toString());
                }
            });
        } catch (KafkaException e) {
            buffer.completed(pending);
            metrics.produceError(reading.engineId(), e);
            LOG.warn(
                    "reading not sent engine={} kind={} error=\"{}\"",
                    reading.engineId(),
                    reading.kind().wireName(),
                    e.toString());
            return;
        }
        if (refusedNow[0] != null) {
            buffer.requeue(pending);
            link.down(refusedNow[0].getMessage());
            Thread.sleep(PAUSE.toMillis());
        }
    }

    /** On close: hand what is queued to the producer, within the shutdown timeout. */
    private void drain() throws InterruptedException {
        while (System.nanoTime() < closeDeadlineNanos && buffer.size() > buffer.inFlight()) {
            Pending reading = buffer.takeForSend(100, TimeUnit.MILLISECONDS);
            if (reading != null) {
                send(reading);
            }
        }
    }

    /** Stops taking readings, flushes what it holds within the shutdown timeout, closes the producer. */
    @Override
    public void close() {
        closeDeadlineNanos = System.nanoTime() + settings.shutdownTimeout().toNanos();
        running = false;
        try {
            sender.join(settings.shutdownTimeout().plusSeconds(2).toMillis());
            if (sender.isAlive()) {
                sender.interrupt();
                sender.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.pulse.bench.fanout;

import dev.pulse.common.model.AnalyticsValues;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.GraphValues;
import dev.pulse.common.model.MemoryValues;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.Topic;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes stream events onto the three dashboard topics at a fixed rate while switched on, each with {@code emitted_at}
 * = the moment it is sent: what the clients time their reads against. Both servers read the same records.
 */
public final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final int perSecond;
    private final Thread thread;
    private volatile boolean active;
    private volatile boolean running = true;

    public EventPublisher(String bootstrap, int perSecond) {
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.LINGER_MS_CONFIG,
                        0,
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
        this.perSecond = perSecond;
        this.thread = Thread.ofPlatform().daemon().name("event-publisher").start(this::loop);
    }

    public void active(boolean on) {
        active = on;
    }

    private void loop() {
        long sequence = 0;
        long next = System.nanoTime();
        while (running) {
            long now = System.nanoTime();
            if (now < next) {
                try {
                    Thread.sleep(Math.max(1, (next - now) / 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            next += 1_000_000_000L / perSecond;
            if (!active) {
                next = System.nanoTime();
                continue;
            }
            sequence++;
            StreamName stream = StreamName.values()[(int) (sequence % 3)];
            String engine = "fan-" + (sequence / 3 % 3 + 1);
            producer.send(new ProducerRecord<>(
                    PipelineTopics.PUBLIC.dashboard(stream).name(), engine, event(stream, engine, sequence)));
        }
    }

    static byte[] event(StreamName stream, String engine, long sequence) {
        Instant now = Instant.now();
        StreamValues values = switch (stream) {
            case ANALYTICS -> new AnalyticsValues(120, 340, 55.5, 0.93, 812.5, 37.2, 4.2, now);
            case MEMORY -> new MemoryValues(12_000, 12, 1.7, 123_456_789, 0.88, now);
            case GRAPH -> new GraphValues(120, 340, 0.047, 5.67, 3, 110, now);
        };
        StreamEvent<StreamValues> event =
                new StreamEvent<>(engine, stream, EventStatus.LIVE, 1, sequence, now, now, 0, null, values, null, null);
        Topic<String, StreamEvent<StreamValues>> topic = PipelineTopics.PUBLIC.dashboard(stream);
        return topic.valueSerde().serializer().serialize(topic.name(), event);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
        producer.close();
    }
}

package dev.pulse.gateway.load;

import dev.pulse.common.model.AnalyticsValues;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.GraphValues;
import dev.pulse.common.model.MemoryValues;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.Topic;
import dev.pulse.testing.KafkaTestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Load tool (test scope, run in its own process): holds N SSE clients on raw NIO sockets in one thread, produces events
 * onto the dashboard topics at a fixed rate and measures, per delivered event, the time from the producer call to the
 * client's read (through Kafka and the gateway).
 *
 * <p>Args: gatewayHost:port bootstrapServers clients eventsPerSecond seconds
 */
public class FanOutLoad {
    private static final byte[] SEQUENCE = "\"sequence\":".getBytes(StandardCharsets.US_ASCII);

    private final ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
    /** Producer call to client read, in microseconds. */
    private final Histogram histogram = new Histogram(3);
    /** The same events read by a plain read_committed consumer: the Kafka part of the latency. */
    private final Histogram kafkaOnly = new Histogram(3);

    private volatile boolean running = true;
    private final AtomicLong delivered = new AtomicLong();
    private long bytes;
    private int connected;
    private int closed;

    public static void main(String[] args) throws Exception {
        String[] hostPort = args[0].split(":");
        InetSocketAddress gateway = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        new FanOutLoad()
                .run(gateway, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    }

    private void run(InetSocketAddress gateway, String bootstrap, int clients, int rate, int seconds) throws Exception {
        Selector selector = Selector.open();
        byte[] request = ("GET /events HTTP/1.1\r\nHost: " + gateway.getHostString() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < clients; i++) {
            SocketChannel channel = SocketChannel.open(gateway);
            channel.write(ByteBuffer.wrap(request));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, new Conn());
            connected++;
            if (i % 200 == 199) {
                pump(selector, 10);
            }
        }
        System.out.printf("connected=%d%n", connected);
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            pump(selector, 50);
        }
        histogram.reset();
        delivered.set(0);
        bytes = 0;
        Thread baseline = Thread.ofPlatform().name("load-baseline").start(() -> consume(bootstrap));
        Thread producer = Thread.ofPlatform().name("load-producer").start(() -> produce(bootstrap, rate, seconds));
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L + 2_000_000_000L;
        while (System.nanoTime() < end) {
            pump(selector, 50);
        }
        producer.join();
        running = false;
        baseline.join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "clients=%d open=%d produced/s=%d delivered=%d delivered/s=%.0f MB/s=%.1f p50=%.1fms p99=%.1fms "
                        + "p999=%.1fms max=%.1fms%n",
                connected,
                connected - closed,
                rate,
                delivered.get(),
                delivered.get() / elapsed,
                bytes / elapsed / 1e6,
                percentile(histogram, 0.50),
                percentile(histogram, 0.99),
                percentile(histogram, 0.999),
                percentile(histogram, 1.0));
        System.out.printf(
                "kafka-only consumer: p50=%.1fms p99=%.1fms max=%.1fms%n",
                percentile(kafkaOnly, 0.50), percentile(kafkaOnly, 0.99), percentile(kafkaOnly, 1.0));
    }

    private void consume(String bootstrap) {
        try (var consumer = dev.pulse.gateway.kafka.KafkaReaders.consumer(
                dev.pulse.common.config.KafkaSettings.of(bootstrap), "load-baseline")) {
            var partitions = new ArrayList<TopicPartition>();
            for (StreamName stream : StreamName.values()) {
                consumer.partitionsFor(PipelineTopics.PUBLIC.dashboard(stream).name())
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            Conn parser = new Conn();
            while (running) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    Long sent = sentAt.get(parser.sequenceOf(record.value()));
                    if (sent != null) {
                        synchronized (kafkaOnly) {
                            kafkaOnly.recordValue((now - sent) / 1000);
                        }
                    }
                }
            }
        }
    }

    private void produce(String bootstrap, int rate, int seconds) {
        String[] engines = new String[10];
        for (int i = 0; i < engines.length; i++) {
            engines[i] = "load-" + i;
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaTestClient(bootstrap).producer()) {
            long total = (long) rate * seconds;
            long start = System.nanoTime();
            for (long seq = 1; seq <= total; seq++) {
                long due = start + seq * 1_000_000_000L / rate;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                    if (due - System.nanoTime() > 1_000_000) {
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                StreamName stream = StreamName.values()[(int) (seq % 3)];
                String engine = engines[(int) (seq / 3 % engines.length)];
                byte[] value = event(stream, engine, seq);
                sentAt.put(seq, System.nanoTime());
                producer.send(new ProducerRecord<>(
                        PipelineTopics.PUBLIC.dashboard(stream).name(), engine, value));
            }
            producer.flush();
        }
    }

    private static byte[] event(StreamName stream, String engine, long sequence) {
        Instant now = Instant.now();
        StreamValues values = switch (stream) {
            case ANALYTICS -> new AnalyticsValues(120, 340, 55.5, 0.93, 812.5, 37.2, 4.2, now);
            case MEMORY -> new MemoryValues(12_000, 12, 1.7, 123_456_789, 0.88, now);
            case GRAPH -> new GraphValues(120, 340, 0.047, 5.67, 3, 110, now);
        };
        StreamEvent<StreamValues> event =
                new StreamEvent<>(engine, stream, EventStatus.LIVE, 1, sequence, now, now, 3, null, values, null, null);
        Topic<String, StreamEvent<StreamValues>> topic = PipelineTopics.PUBLIC.dashboard(stream);
        return topic.valueSerde().serializer().serialize(topic.name(), event);
    }

    private void pump(Selector selector, long timeoutMs) throws IOException {
        selector.select(timeoutMs);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            SocketChannel channel = (SocketChannel) key.channel();
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                key.cancel();
                channel.close();
                closed++;
                continue;
            }
            bytes += n;
            ((Conn) key.attachment()).scan(buffer.array(), n, this);
        }
    }

    void onSequence(long sequence, long now) {
        Long sent = sentAt.get(sequence);
        if (sent == null) {
            return; // snapshot of a warm-up event
        }
        delivered.incrementAndGet();
        histogram.recordValue((now - sent) / 1000);
    }

    /** The p-quantile (0..1) in milliseconds; 0 when empty. */
    private static double percentile(Histogram histogram, double p) {
        long micros = p >= 1.0 ? histogram.getMaxValue() : histogram.getValueAtPercentile(p * 100);
        return micros / 1000.0;
    }

    /** Finds {@code "sequence":<n>} across reads (state kept between buffers). */
    private static final class Conn {
        private int matched;
        private long number = -1;

        long sequenceOf(byte[] json) {
            long[] found = {-1};
            FanOutLoad sink = new FanOutLoad() {
                @Override
                void onSequence(long sequence, long now) {
                    found[0] = sequence;
                }
            };
            scan(json, json.length, sink);
            return found[0];
        }

        void scan(byte[] data, int length, FanOutLoad load) {
            long now = System.nanoTime();
            for (int i = 0; i < length; i++) {
                byte b = data[i];
                if (number >= 0) {
                    if (b >= '0' && b <= '9') {
                        number = number * 10 + (b - '0');
                        continue;
                    }
                    load.onSequence(number, now);
                    number = -1;
                }
                if (b == SEQUENCE[matched]) {
                    matched++;
                    if (matched == SEQUENCE.length) {
                        matched = 0;
                        number = 0;
                    }
                } else {
                    matched = b == SEQUENCE[0] ? 1 : 0;
                }
            }
        }
    }
}

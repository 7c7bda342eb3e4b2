package dev.pulse.bench.throughput;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The ceiling for the processor: a Kafka Streams topology that copies bytes from the raw topic to one output, with the
 * processor's own Streams settings (guarantee, commit interval, state dir, replication, earliest), run as its own
 * process with the processor's JVM flags. Serves its stream-thread metrics on {@code 127.0.0.1:metricsPort/metrics}
 * under the names the processor's Micrometer binding gives them, so {@link StreamThreadTime} reads both alike.
 *
 * <p>Args: {@code bootstrap applicationId guarantee commitMs stateDir input output metricsPort}.
 */
public final class PassThroughMain {
    private PassThroughMain() {}

    public static void main(String[] args) throws InterruptedException, IOException {
        Properties p = new Properties();
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, args[2]);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.parseLong(args[3]));
        p.put(StreamsConfig.STATE_DIR_CONFIG, args[4]);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(args[5], Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(args[6], Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        CountDownLatch done = new CountDownLatch(1);
        KafkaStreams streams = new KafkaStreams(builder.build(), p);
        HttpServer metrics = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[7])), 0);
        metrics.createContext("/metrics", exchange -> {
            byte[] body = threadMetrics(streams).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        metrics.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            metrics.stop(0);
            streams.close(Duration.ofSeconds(20));
            done.countDown();
        }));
        streams.start();
        done.await();
    }

    private static String threadMetrics(KafkaStreams streams) {
        StringBuilder out = new StringBuilder();
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && metric.metricValue() instanceof Number value) {
                out.append("kafka_stream_thread_")
                        .append(name.name().replace('-', '_'))
                        .append(String.format(Locale.ROOT, " %f%n", value.doubleValue()));
            }
        });
        return out.toString();
    }
}

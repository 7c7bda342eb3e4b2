package dev.pulse.bench.throughput;

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
 * process with the processor's JVM flags.
 *
 * <p>Args: {@code bootstrap applicationId guarantee commitMs stateDir input output}.
 */
public final class PassThroughMain {
    private PassThroughMain() {}

    public static void main(String[] args) throws InterruptedException {
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(java.time.Duration.ofSeconds(20));
            done.countDown();
        }));
        streams.start();
        done.await();
    }
}

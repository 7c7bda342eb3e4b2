package dev.pulse.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.config.KafkaSettings;
import dev.pulse.gateway.GatewayConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class KafkaReadersTest {
    @Test
    void shouldBoundWhatEveryCatchUpReaderFetchesSoThatAllOfThemFitAFewMegabytesOfHeap() {
        // given: a deployment that raised the fetch sizes for its other consumers
        KafkaSettings kafka = new KafkaSettings(
                "localhost:9092",
                Map.of(
                        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "52428800",
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1048576"));

        // when
        Properties p = KafkaReaders.catchUpProperties(kafka, "catch-up-1");

        // then: a replay's reader buffers a bounded amount, whatever the pass-through settings say
        long fetch = Long.parseLong(p.getProperty(ConsumerConfig.FETCH_MAX_BYTES_CONFIG));
        long perPartition = Long.parseLong(p.getProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG));
        assertThat(fetch).isEqualTo(KafkaReaders.CATCH_UP_FETCH_BYTES);
        assertThat(perPartition).isLessThan(fetch);
        // and the default number of them at once, each with one fetch buffered and the next in flight, holds less
        // than the 16 MB the heap sizing keeps for the replica's own data (HeapCapacity): 16 slow full replays with
        // Kafka's defaults ended the deployed gateway (-Xmx96m) with an OutOfMemoryError
        assertThat(GatewayConfig.DEFAULT_MAX_CATCHUPS * 2 * fetch).isLessThan(16L << 20);
        assertThat(p.getProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG)).isEqualTo("read_committed");
    }
}

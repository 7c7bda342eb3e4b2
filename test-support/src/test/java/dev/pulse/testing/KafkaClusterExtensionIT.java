package dev.pulse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class KafkaClusterExtensionIT {

    @Test
    void shouldRoundTripARecordThroughTheSharedBroker(KafkaCluster cluster) {
        KafkaTestClient client = new KafkaTestClient(cluster);
        client.createTopics(2, List.of("extension.check"));

        client.send("extension.check", "engine-1", "hello".getBytes(StandardCharsets.UTF_8));

        assertThat(client.readAll("extension.check")).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("engine-1");
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("hello");
        });
    }
}

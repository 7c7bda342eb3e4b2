package dev.pulse.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What another team would do: read the dashboard topics of a running stack with a plain Kafka consumer and a plain JSON
 * parser (not this project's serde or records) and check every record against the schemas published in docs/schema.
 */
final class DashboardContract {
    private static final Path SCHEMAS = Path.of("..", "docs", "schema");
    private static final List<String> STREAMS = List.of("analytics", "memory", "graph");

    private DashboardContract() {}

    /** Reads every dashboard topic until each holds records and checks them all; returns the statuses seen. */
    static Set<String> validateDashboardTopics(String bootstrapServers) throws IOException {
        ObjectMapper plainJson = new ObjectMapper();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Map<String, Schema> schemas = new HashMap<>();
        for (String stream : STREAMS) {
            schemas.put(
                    "dashboard." + stream,
                    registry.getSchema(Files.readString(SCHEMAS.resolve("stream-event-" + stream + ".schema.json"))));
        }

        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        properties.put("isolation.level", "read_committed");
        properties.put("key.deserializer", StringDeserializer.class.getName());
        properties.put("value.deserializer", StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            schemas.keySet()
                    .forEach(topic -> consumer.partitionsFor(topic)
                            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return schemas.keySet().stream()
                        .allMatch(topic ->
                                records.stream().anyMatch(r -> r.topic().equals(topic)));
            });
        }

        Set<String> statuses = new TreeSet<>();
        List<String> violations = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            if (record.value() == null) {
                // A retired engine's tombstone is part of the contract (docs/topics.md): no value to check.
                statuses.add("tombstone");
                continue;
            }
            JsonNode value = plainJson.readTree(record.value());
            for (Error error : schemas.get(record.topic()).validate(value)) {
                violations.add(
                        record.topic() + "@" + record.partition() + ":" + record.offset() + " " + error.getMessage());
            }
            assertThat(value.path("engine_id").asText())
                    .as("the key is the engine id")
                    .isEqualTo(record.key());
            statuses.add(value.path("status").asText());
        }
        assertThat(violations)
                .as("schema violations in %d records", records.size())
                .isEmpty();
        return statuses;
    }
}

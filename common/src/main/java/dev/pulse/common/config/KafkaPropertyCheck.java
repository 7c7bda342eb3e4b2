package dev.pulse.common.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Checks a passed-through Kafka client property against the clients' own definitions at start-up, so
 * {@code KAFKA_SECURITY_PROTOCOL=PLAINTEXTT} stops the service with one line naming the variable instead of a stack
 * trace from deep inside a client. Properties no client defines (e.g. Kafka Streams' own) pass through unchecked.
 */
final class KafkaPropertyCheck {
    private static final List<ConfigDef> CLIENT_DEFINITIONS =
            List.of(ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef());

    private KafkaPropertyCheck() {}

    static void check(String variable, String property, String value) {
        Optional<ConfigDef.ConfigKey> key = CLIENT_DEFINITIONS.stream()
                .map(definition -> definition.configKeys().get(property))
                .filter(Objects::nonNull)
                .findFirst();
        if (key.isEmpty()) {
            return;
        }
        try {
            Object parsed = ConfigDef.parseType(property, value, key.get().type);
            if (key.get().validator != null) {
                key.get().validator.ensureValid(property, parsed);
            }
        } catch (ConfigException e) {
            String expected = key.get().validator != null
                    ? "a valid " + property + " (" + key.get().validator + ")"
                    : "a valid " + property + " of type "
                            + key.get().type.name().toLowerCase(Locale.ROOT);
            throw new dev.pulse.common.config.ConfigException(variable, expected, value);
        }
    }
}

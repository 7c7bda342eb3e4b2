package dev.pulse.common.config;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How a service reaches Kafka. {@code KAFKA_BOOTSTRAP_SERVERS} names the brokers; every other {@code KAFKA_*} variable
 * passes through as a client property ({@code KAFKA_SECURITY_PROTOCOL=SASL_SSL} becomes
 * {@code security.protocol=SASL_SSL}), so TLS and SASL clusters need no code.
 *
 * @param bootstrapServers host:port list of brokers
 * @param clientProperties the passed-through client properties, bootstrap.servers included
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties) {
    public static final String BOOTSTRAP_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    private static final String PREFIX = "KAFKA_";

    public KafkaSettings {
        if (!bootstrapServers.matches("[^,\\s]+:\\d{1,5}(,[^,\\s]+:\\d{1,5})*")) {
            throw new ConfigException(BOOTSTRAP_VARIABLE, "a comma-separated list of host:port", bootstrapServers);
        }
        clientProperties = Map.copyOf(clientProperties);
    }

    public static KafkaSettings fromEnv(Env env) {
        String bootstrap = env.string(BOOTSTRAP_VARIABLE, DEFAULT_BOOTSTRAP);
        Map<String, String> properties = new TreeMap<>();
        env.all().forEach((name, value) -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && !name.equals(BOOTSTRAP_VARIABLE)) {
                String property =
                        name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                KafkaPropertyCheck.check(name, property, value);
                properties.put(property, value);
            }
        });
        properties.put("bootstrap.servers", bootstrap);
        return new KafkaSettings(bootstrap, properties);
    }

    /** The variable that sets a client property: {@code security.protocol} is {@code KAFKA_SECURITY_PROTOCOL}. */
    public static String variableOf(String property) {
        return PREFIX + property.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of("bootstrap.servers", bootstrapServers));
    }

    /** A fresh copy of the client properties, for a client to add its own settings to. */
    public Properties toProperties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        return properties;
    }
}

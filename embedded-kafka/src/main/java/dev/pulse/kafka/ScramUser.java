package dev.pulse.kafka;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * A SCRAM-SHA-512 identity on a secured {@link EmbeddedKafkaCluster}: its principal is {@code User:<name>}.
 *
 * @param name the user name, and the principal's name
 * @param password its password; {@link #toString()} leaves it out, so no log line carries it
 */
public record ScramUser(String name, String password) {
    public static final String MECHANISM = "SCRAM-SHA-512";

    /** A user with a random password. */
    public static ScramUser named(String name) {
        return new ScramUser(name, HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
    }

    public String principal() {
        return "User:" + name;
    }

    /** The client properties that log in as this user over TLS, trusting the cluster's test authority. */
    public Map<String, String> clientProperties(TestCertificates certificates) {
        return Map.of(
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                MECHANISM,
                "sasl.jaas.config",
                jaasConfig(),
                "ssl.truststore.location",
                certificates.truststore().toString(),
                "ssl.truststore.password",
                certificates.password(),
                "ssl.truststore.type",
                "PKCS12");
    }

    String jaasConfig() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + name + "\" password=\""
                + password + "\";";
    }

    /** The credential as {@code kafka-storage format --add-scram} takes it. */
    String storageFormatArgument() {
        return MECHANISM + "=[name=" + name + ",password=" + password + "]";
    }

    @Override
    public String toString() {
        return "ScramUser[" + name + "]";
    }
}

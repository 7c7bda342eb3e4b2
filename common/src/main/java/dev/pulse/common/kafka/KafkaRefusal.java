package dev.pulse.common.kafka;

import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * Kafka said no to who a service is (a refused login: SASL credentials, TLS trust) or to what it asked (an ACL). No
 * retry mends either, so a service says it in one line, without a stack trace: Kafka's messages name the mechanism or
 * the topic, group or transactional id, and never a credential.
 *
 * @param login true for a refused login, false for a missing ACL
 * @param message Kafka's own words
 */
public record KafkaRefusal(boolean login, String message) {

    /** The refusal somewhere in the causes of {@code failure}, if it is one. */
    public static Optional<KafkaRefusal> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException) {
                return Optional.of(new KafkaRefusal(true, cause.getMessage()));
            }
            if (cause instanceof AuthorizationException) {
                return Optional.of(new KafkaRefusal(false, cause.getMessage()));
            }
        }
        return Optional.empty();
    }

    /** The line's text, saying what to look at. */
    public String describe() {
        return login
                ? "kafka refused the login (check the KAFKA_SASL_* and KAFKA_SSL_* settings): " + message
                : "kafka refused an operation (an ACL is missing for this service's principal): " + message;
    }
}

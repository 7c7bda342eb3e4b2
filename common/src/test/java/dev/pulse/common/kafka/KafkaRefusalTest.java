package dev.pulse.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaRefusalTest {
    @Test
    void shouldFindARefusedLoginAmongTheCauses() {
        Exception failure = new IllegalStateException(
                "cannot list topics", new ExecutionException(new SaslAuthenticationException("invalid credentials")));

        assertThat(KafkaRefusal.in(failure)).hasValueSatisfying(refusal -> {
            assertThat(refusal.login()).isTrue();
            assertThat(refusal.describe()).contains("refused the login", "invalid credentials");
        });
    }

    @Test
    void shouldNameTheTopicOfAMissingAcl() {
        Exception failure = new RuntimeException(new TopicAuthorizationException(Set.of("engine.readings.raw")));

        assertThat(KafkaRefusal.in(failure)).hasValueSatisfying(refusal -> {
            assertThat(refusal.login()).isFalse();
            assertThat(refusal.describe()).contains("ACL is missing", "engine.readings.raw");
        });
    }

    @Test
    void shouldNotTakeOtherFailuresForRefusals() {
        assertThat(KafkaRefusal.in(new RuntimeException(new TimeoutException("no broker"))))
                .isEmpty();
    }
}

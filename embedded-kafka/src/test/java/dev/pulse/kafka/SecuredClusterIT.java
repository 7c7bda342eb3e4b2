package dev.pulse.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The secured cluster is what it says: TLS, SCRAM logins, and nothing allowed that no ACL allows. */
class SecuredClusterIT {
    private static final ScramUser ALICE = ScramUser.named("alice");
    private static EmbeddedKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedKafkaCluster.startSecured(1, List.of(ALICE));
        try (Admin admin = cluster.newAdmin()) {
            admin.createTopics(List.of(new NewTopic("granted", 1, (short) 1), new NewTopic("withheld", 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            admin.createAcls(List.of(new AclBinding(
                            new ResourcePattern(ResourceType.TOPIC, "granted", PatternType.LITERAL),
                            new AccessControlEntry(
                                    ALICE.principal(), "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldLetAUserWriteWhereAnAclAllowsItAndNowhereElse() throws Exception {
        try (KafkaProducer<String, String> producer = producer(cluster.clientProperties(ALICE))) {
            assertThat(producer.send(new ProducerRecord<>("granted", "k", "v"))
                            .get(30, TimeUnit.SECONDS)
                            .offset())
                    .isZero();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("withheld", "k", "v"))
                            .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void shouldRefuseAWrongPassword() {
        Map<String, String> impostor =
                new HashMap<>(cluster.clientProperties(new ScramUser(ALICE.name(), "not-" + ALICE.password())));
        try (KafkaProducer<String, String> producer = producer(impostor)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("granted", "k", "v"))
                            .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void shouldNotLeaveThePasswordInTheUsersText() {
        assertThat(ALICE.toString()).contains("alice").doesNotContain(ALICE.password());
    }

    private static KafkaProducer<String, String> producer(Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Duration.ofSeconds(20).toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                Duration.ofSeconds(25).toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int)
                Duration.ofSeconds(10).toMillis());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}

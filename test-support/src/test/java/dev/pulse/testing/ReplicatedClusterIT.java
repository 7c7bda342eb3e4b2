package dev.pulse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.kafka.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The three-node cluster (each node its own process) and the loss of the leader: SIGKILL of the node that leads a
 * replicated partition while an idempotent {@code acks=all} producer writes to it. Opt-in
 * ({@code PULSE_CLUSTER_TESTS=1}): three broker JVMs take a minute to start on two busy cores.
 */
class ReplicatedClusterIT {
    private static final String TOPIC = "replicated.check";
    private static final int RECORDS = 1500;
    private static final int KILL_AFTER = 500;

    @Test
    void shouldLoseAndDuplicateNoAcknowledgedWriteWhenTheLeaderIsKilled() throws Exception {
        ClusterTests.assumeEnabled();
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(3)) {
            // given a partition with three replicas and min.insync.replicas=2 (the cluster's defaults)
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, cluster.replicationFactor())))
                        .all()
                        .get(60, TimeUnit.SECONDS);
                var description = admin.describeTopics(List.of(TOPIC))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get(TOPIC);
                assertThat(description.partitions().getFirst().replicas()).hasSize(3);
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
                assertThat(admin.describeConfigs(List.of(resource))
                                .all()
                                .get(30, TimeUnit.SECONDS)
                                .get(resource)
                                .get("min.insync.replicas")
                                .value())
                        .isEqualTo("2");
            }
            int leader = cluster.leaderOf(TOPIC, 0);

            // when its leader is killed while sequence numbers 1..RECORDS are written, one at a time
            long[] ackedAtMs = new long[RECORDS + 1];
            AtomicInteger acked = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            try (KafkaProducer<String, Long> producer = producer(cluster)) {
                Thread writer = Thread.ofPlatform().name("replicated-writer").start(() -> {
                    try {
                        for (long seq = 1; seq <= RECORDS; seq++) {
                            producer.send(new ProducerRecord<>(TOPIC, "engine-1", seq))
                                    .get();
                            ackedAtMs[(int) seq] = System.currentTimeMillis();
                            acked.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failure.set(e);
                    } catch (ExecutionException e) {
                        failure.set(e.getCause());
                    }
                });
                await().atMost(Duration.ofSeconds(60)).until(() -> acked.get() >= KILL_AFTER || failure.get() != null);
                long killedAt = System.currentTimeMillis();
                cluster.kill(leader);
                writer.join(Duration.ofMinutes(3));
                assertThat(writer.isAlive()).as("writer finished").isFalse();

                // then every write was acknowledged and the partition holds each exactly once, in order
                assertThat(failure.get()).isNull();
                assertThat(acked).hasValue(RECORDS);
                List<Long> read = readAll(cluster);
                long lost = LongStream.rangeClosed(1, RECORDS)
                        .filter(seq -> !read.contains(seq))
                        .count();
                long duplicated = read.size() - read.stream().distinct().count();
                int newLeader = cluster.leaderOf(TOPIC, 0);
                long firstAckAfterKill = LongStream.rangeClosed(1, RECORDS)
                        .map(seq -> ackedAtMs[(int) seq])
                        .filter(at -> at >= killedAt)
                        .min()
                        .orElse(killedAt);
                System.out.printf(
                        "leader kill: killed=%d newLeader=%d written=%d lost=%d duplicated=%d "
                                + "writesResumedAfterMs=%d%n",
                        leader, newLeader, RECORDS, lost, duplicated, firstAckAfterKill - killedAt);
                assertThat(newLeader).isNotEqualTo(leader).isPositive();
                assertThat(read)
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, RECORDS).boxed().toList());
            }
        }
    }

    private static KafkaProducer<String, Long> producer(EmbeddedKafkaCluster cluster) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, LongSerializer.class);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        return new KafkaProducer<>(p);
    }

    private static List<Long> readAll(EmbeddedKafkaCluster cluster) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
        List<Long> values = new ArrayList<>();
        try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return consumer.position(tp) >= end;
            });
        }
        return values;
    }
}

package dev.pulse.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KafkaStatusTest {
    /** Three brokers, three partitions each led by another broker, replication 3 and min.insync.replicas 2. */
    private static final ClusterLayout THREE = layout(3, 3, 2);

    @Test
    void shouldBeOkWhenEveryBrokerAcceptsConnections() {
        KafkaStatus status = KafkaStatus.assess(THREE, Set.of(1, 2, 3));

        assertThat(status.state()).isEqualTo(KafkaStatus.State.OK);
        assertThat(status.unreachable()).isEmpty();
        assertThat(status.partitionsRefusingWrites()).isZero();
        assertThat(status.message()).isEqualTo("Kafka: all 3 brokers reachable");
    }

    @Test
    void shouldBeDegradedWhileEveryPartitionKeepsItsMinimumInSyncReplicas() {
        KafkaStatus status = KafkaStatus.assess(THREE, Set.of(1, 3));

        assertThat(status.state()).isEqualTo(KafkaStatus.State.DEGRADED);
        assertThat(status.unreachable()).containsExactly(2);
        assertThat(status.message())
                .startsWith("Kafka: 1 of 3 brokers unreachable (id 2)")
                .contains("keeps flowing");
    }

    @Test
    void shouldSayWritesAreRefusedWhenAPartitionHasFewerReachableReplicasThanMinInsync() {
        KafkaStatus status = KafkaStatus.assess(THREE, Set.of(1));

        assertThat(status.state()).isEqualTo(KafkaStatus.State.WRITES_REFUSED);
        assertThat(status.unreachable()).containsExactly(2, 3);
        assertThat(status.partitionsRefusingWrites()).isEqualTo(3);
        assertThat(status.message())
                .startsWith("Kafka: 2 of 3 brokers unreachable (id 2, 3): 3 of 3 dashboard partitions")
                .contains("refuses new data");
    }

    @Test
    void shouldCountOnlyThePartitionsBelowMinInsync() {
        // replication 2 on three brokers: with broker 3 down, the partitions on {2,3} and {3,1} lose a replica each
        ClusterLayout layout = new ClusterLayout(
                addresses(3),
                List.of(
                        new ClusterLayout.PartitionReplicas("t", 0, List.of(1, 2), 2),
                        new ClusterLayout.PartitionReplicas("t", 1, List.of(2, 3), 2),
                        new ClusterLayout.PartitionReplicas("t", 2, List.of(3, 1), 2)));

        KafkaStatus status = KafkaStatus.assess(layout, Set.of(1, 2));

        assertThat(status.state()).isEqualTo(KafkaStatus.State.WRITES_REFUSED);
        assertThat(status.partitionsRefusingWrites()).isEqualTo(2);
        assertThat(status.partitions()).isEqualTo(3);
    }

    @Test
    void shouldBeUnreachableWhenNoBrokerAcceptsConnectionsAsWhenTheOnlyBrokerIsDown() {
        KafkaStatus status = KafkaStatus.assess(layout(1, 3, 1), Set.of());

        assertThat(status.state()).isEqualTo(KafkaStatus.State.UNREACHABLE);
        assertThat(status.message()).startsWith("Kafka: no broker reachable (id 1): no new data");
    }

    @Test
    void shouldCountABrokerNamedOnlyByTheReplicaListsAsUnreachable() {
        // Kafka names only the brokers that are up: one down before the first answer appears only as a replica.
        ClusterLayout layout =
                new ClusterLayout(Map.of(1, InetSocketAddress.createUnresolved("localhost", 9092)), THREE.partitions());

        KafkaStatus status = KafkaStatus.assess(layout, Set.of(1));

        assertThat(status.brokers()).isEqualTo(3);
        assertThat(status.unreachable()).containsExactly(2, 3);
        assertThat(status.state()).isEqualTo(KafkaStatus.State.WRITES_REFUSED);
    }

    @Test
    void shouldPutTheStateAndFiguresOnTheWireInSnakeCase() {
        Map<String, Object> wire = KafkaStatus.assess(THREE, Set.of(1)).toWire("2026-12-02T18:00:00Z");

        assertThat(wire)
                .containsEntry("state", "writes_refused")
                .containsEntry("brokers", 3)
                .containsEntry("unreachable_brokers", List.of(2, 3))
                .containsEntry("partitions", 3)
                .containsEntry("partitions_refusing_writes", 3)
                .containsEntry("since", "2026-12-02T18:00:00Z")
                .containsKey("message");
    }

    private static ClusterLayout layout(int brokers, int partitions, int minInsync) {
        List<ClusterLayout.PartitionReplicas> list = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            List<Integer> replicas = new ArrayList<>();
            for (int r = 0; r < brokers; r++) {
                replicas.add((p + r) % brokers + 1);
            }
            list.add(new ClusterLayout.PartitionReplicas("dashboard.analytics", p, replicas, minInsync));
        }
        return new ClusterLayout(addresses(brokers), list);
    }

    private static Map<Integer, InetSocketAddress> addresses(int brokers) {
        Map<Integer, InetSocketAddress> addresses = new HashMap<>();
        for (int id = 1; id <= brokers; id++) {
            addresses.put(id, InetSocketAddress.createUnresolved("localhost", 9091 + id));
        }
        return addresses;
    }
}

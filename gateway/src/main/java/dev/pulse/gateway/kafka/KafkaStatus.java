package dev.pulse.gateway.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the gateway can tell a dashboard about the Kafka cluster behind its topics: whether the processor can still
 * write them. A partition whose reachable replicas are fewer than its {@code min.insync.replicas} refuses every write,
 * so the engines on it get no new data until the brokers return; the dashboards keep the last data and say why.
 *
 * @param state the verdict
 * @param brokers brokers of the cluster (those Kafka named and those the replica lists name)
 * @param unreachable the ids of the brokers that did not accept a connection
 * @param partitions partitions of the watched topics
 * @param partitionsRefusingWrites of those, how many have fewer reachable replicas than {@code min.insync.replicas}
 */
public record KafkaStatus(
        State state, int brokers, List<Integer> unreachable, int partitions, int partitionsRefusingWrites) {

    /** Before the first check: nothing known to be wrong. */
    public static final KafkaStatus UNCHECKED = new KafkaStatus(State.OK, 0, List.of(), 0, 0);

    public KafkaStatus {
        unreachable = List.copyOf(unreachable);
    }

    /** The verdicts, worst last. */
    public enum State {
        /** Every broker accepts connections. */
        OK,
        /** Some broker is unreachable, but every partition still has enough replicas to take writes. */
        DEGRADED,
        /** Some partition has fewer reachable replicas than min.insync.replicas: Kafka refuses its writes. */
        WRITES_REFUSED,
        /** No broker accepts connections. */
        UNREACHABLE;

        /** As on the wire and in metrics: {@code writes_refused}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The verdict for a layout when only the {@code reachable} brokers accept connections. */
    public static KafkaStatus assess(ClusterLayout layout, Set<Integer> reachable) {
        Set<Integer> brokers = new TreeSet<>(layout.brokers().keySet());
        layout.partitions().forEach(p -> brokers.addAll(p.replicas()));
        List<Integer> unreachable =
                brokers.stream().filter(id -> !reachable.contains(id)).toList();
        int refusing = 0;
        for (ClusterLayout.PartitionReplicas partition : layout.partitions()) {
            long up = partition.replicas().stream().filter(reachable::contains).count();
            if (up < partition.minInsyncReplicas()) {
                refusing++;
            }
        }
        State state;
        if (unreachable.isEmpty()) {
            state = State.OK;
        } else if (unreachable.size() == brokers.size()) {
            state = State.UNREACHABLE;
        } else if (refusing > 0) {
            state = State.WRITES_REFUSED;
        } else {
            state = State.DEGRADED;
        }
        return new KafkaStatus(
                state, brokers.size(), unreachable, layout.partitions().size(), refusing);
    }

    /** One sentence for a person looking at a dashboard. */
    public String message() {
        String ids = "(id "
                + String.join(", ", unreachable.stream().map(String::valueOf).toList()) + ")";
        String down = "Kafka: " + unreachable.size() + " of " + brokers + " brokers unreachable " + ids;
        return switch (state) {
            case OK -> "Kafka: all " + brokers + " broker" + (brokers == 1 ? "" : "s") + " reachable";
            case DEGRADED -> down + "; every partition still has enough replicas, so data keeps flowing";
            case WRITES_REFUSED ->
                down + ": " + partitionsRefusingWrites + " of " + partitions + " dashboard partitions have fewer"
                        + " replicas than min.insync.replicas, so Kafka refuses new data for their engines until the"
                        + " brokers return; the values shown are the last received";
            case UNREACHABLE ->
                "Kafka: no broker reachable " + ids + ": no new data until Kafka returns; the values shown are the"
                        + " last received";
        };
    }

    /** The body of the {@code kafka} SSE notice. */
    public Map<String, Object> toWire(String since) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("state", state.wireName());
        wire.put("brokers", brokers);
        wire.put("unreachable_brokers", unreachable);
        wire.put("partitions", partitions);
        wire.put("partitions_refusing_writes", partitionsRefusingWrites);
        wire.put("since", since);
        wire.put("message", message());
        return wire;
    }
}

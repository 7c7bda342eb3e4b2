package dev.pulse.bench.e2e;

import dev.pulse.bench.stack.TopicEnds;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Moves an inactive consumer group (a stopped Streams app) to the end of a topic. */
final class ConsumerGroupReset {
    private ConsumerGroupReset() {}

    static void toLatest(String bootstrap, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            TopicEnds.of(admin, topic).forEach((tp, end) -> offsets.put(tp, new OffsetAndMetadata(end)));
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
        }
    }
}

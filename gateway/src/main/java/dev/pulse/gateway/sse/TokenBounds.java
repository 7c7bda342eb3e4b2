package dev.pulse.gateway.sse;

import dev.pulse.common.model.StreamName;
import dev.pulse.gateway.fanout.FanOut;
import dev.pulse.gateway.kafka.EndOffsets;
import dev.pulse.gateway.kafka.PartitionLayout;
import dev.pulse.gateway.kafka.Positions;
import dev.pulse.gateway.resume.ResumeToken;
import dev.pulse.gateway.resume.TokenPositions;
import dev.pulse.ops.BadRequest;
import io.javalin.http.ServiceUnavailableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Refuses, before the stream starts, a resume token that points past the end of a partition: no replica issued it (it
 * is forged, or from a topic since recreated), and honouring it by starting over would hand anyone a full replay.
 * Positions up to what this replica has read pass without asking Kafka; only those ahead of it (another replica may
 * have read further) are checked against the broker's end offsets.
 */
final class TokenBounds {
    private final FanOut fanOut;
    private final EndOffsets endOffsets;

    TokenBounds(FanOut fanOut, EndOffsets endOffsets) {
        this.fanOut = fanOut;
        this.endOffsets = endOffsets;
    }

    /** @throws BadRequest naming the first partition the token is beyond */
    void check(ResumeToken token, Set<StreamName> streams) {
        PartitionLayout layout = fanOut.layout();
        Positions requested = TokenPositions.map(token, layout, streams).positions();
        Positions read = fanOut.position();
        List<Integer> ahead = new ArrayList<>();
        for (int i : layout.indexes(streams)) {
            if (requested.next(i) > read.next(i)) {
                ahead.add(i);
            }
        }
        if (ahead.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> end;
        try {
            end = endOffsets.of(ahead.stream().map(layout::partition).toList());
        } catch (IllegalStateException e) {
            throw new ServiceUnavailableResponse("cannot check the resume token against Kafka now; retry shortly");
        }
        for (int i : ahead) {
            TopicPartition tp = layout.partition(i);
            long last = end.getOrDefault(tp, read.next(i));
            if (requested.next(i) > last) {
                throw new BadRequest("the resume token points past the end of stream '"
                        + layout.stream(i).wireName() + "' partition " + tp.partition() + " (offset "
                        + requested.next(i) + ", end " + last + "): it was not issued for these topics (forged, or"
                        + " the topic was recreated); reconnect without it, or with since=");
            }
        }
    }
}

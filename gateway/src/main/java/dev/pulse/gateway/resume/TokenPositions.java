package dev.pulse.gateway.resume;

import dev.pulse.common.model.StreamName;
import dev.pulse.gateway.kafka.PartitionLayout;
import dev.pulse.gateway.kafka.Positions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A token mapped onto this replica's partitions; a mismatch becomes a notice for the client, never a silent skip.
 *
 * @param positions where the client resumes (partitions of other streams at 0)
 * @param notices one per partition of the token this replica does not read
 */
public record TokenPositions(Positions positions, List<Map<String, Object>> notices) {
    public TokenPositions {
        notices = List.copyOf(notices);
    }

    /** Maps the token's offsets of the given streams onto {@code layout}. */
    public static TokenPositions map(ResumeToken token, PartitionLayout layout, Set<StreamName> streams) {
        Positions position = Positions.zero(layout);
        List<Map<String, Object>> notices = new ArrayList<>();
        for (StreamName stream : streams) {
            List<Long> offsets = token.offsets().get(stream);
            // A token made before partitions were added names the older count: the engines' older events are there.
            layout.noteCount(stream, offsets.size());
            int[] indexes = layout.indexes(stream);
            for (int p = 0; p < indexes.length; p++) {
                // Partitions added since the token was issued hold only newer data: start them at the earliest.
                position = position.with(indexes[p], p < offsets.size() ? offsets.get(p) : Positions.EARLIEST);
            }
            for (int p = indexes.length; p < offsets.size(); p++) {
                Map<String, Object> notice = new LinkedHashMap<>();
                notice.put("error", "partition_unknown");
                notice.put(
                        "message", "the token names a partition this gateway does not read; its position is ignored");
                notice.put("stream", stream.wireName());
                notice.put("partition", p);
                notices.add(notice);
            }
        }
        return new TokenPositions(position, notices);
    }
}

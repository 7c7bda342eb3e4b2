package dev.pulse.gateway.sse;

import dev.pulse.common.model.StreamName;
import dev.pulse.gateway.stream.CatchUpReader;
import dev.pulse.gateway.stream.PartitionLayout;
import dev.pulse.gateway.stream.ResumeToken;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Maps a token onto this replica's partitions; a mismatch becomes a notice for the client, never a silent skip. */
final class TokenPositions {
    private TokenPositions() {}

    static void fill(
            ResumeToken token,
            PartitionLayout layout,
            Set<StreamName> streams,
            long[] position,
            List<Map<String, Object>> notices) {
        for (StreamName stream : streams) {
            long[] offsets = token.offsets().get(stream);
            int[] indexes = layout.indexes(stream);
            for (int p = 0; p < indexes.length; p++) {
                // Partitions added since the token was issued hold only newer data: start them at the earliest.
                position[indexes[p]] = p < offsets.length ? offsets[p] : CatchUpReader.EARLIEST;
            }
            for (int p = indexes.length; p < offsets.length; p++) {
                Map<String, Object> notice = new LinkedHashMap<>();
                notice.put("error", "partition_unknown");
                notice.put(
                        "message", "the token names a partition this gateway does not read; its position is ignored");
                notice.put("stream", stream.wireName());
                notice.put("partition", p);
                notices.add(notice);
            }
        }
    }
}

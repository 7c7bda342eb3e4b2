package dev.pulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.sse.SseEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The LIVE events a client (or a client and the one that resumed after it) received, per engine, stream and collector
 * run: their collector sequence numbers must run without a gap and without a repeat, since every reading the collector
 * made is one LIVE event.
 */
final class LiveSequences {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<Long>> sequences = new TreeMap<>();

    static LiveSequences of(List<SseEvent> events) {
        LiveSequences live = new LiveSequences();
        for (SseEvent event : events) {
            JsonNode data = parse(event.data());
            if ("LIVE".equals(data.path("status").asText())) {
                String key = data.path("engine_id").asText() + "/" + event.event() + "/run-"
                        + data.path("run").asLong();
                live.sequences
                        .computeIfAbsent(key, k -> new ArrayList<>())
                        .add(data.path("sequence").asLong());
            }
        }
        return live;
    }

    private static JsonNode parse(String data) {
        try {
            return JSON.readTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + data, e);
        }
    }

    Map<String, List<Long>> byKey() {
        return sequences;
    }

    /** The highest sequence seen per key. */
    Map<String, Long> last() {
        Map<String, Long> last = new TreeMap<>();
        sequences.forEach((key, list) -> last.put(key, list.getLast()));
        return last;
    }

    /** Every gap and every repeat, as readable lines ({@code engine-1/memory/run-7: 41 after 39}); empty when none. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        sequences.forEach((key, list) -> {
            for (int i = 1; i < list.size(); i++) {
                long previous = list.get(i - 1);
                long next = list.get(i);
                if (next != previous + 1) {
                    problems.add(
                            key + ": " + next + " after " + previous + (next <= previous ? " (repeat)" : " (gap)"));
                }
            }
        });
        return problems;
    }
}

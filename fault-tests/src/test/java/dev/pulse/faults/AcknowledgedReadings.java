package dev.pulse.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.ReadingKind;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.testing.KafkaTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The ground truth of what Kafka acknowledged: the data readings on {@code engine.readings.raw}, read
 * {@code read_committed} from the start, as sequence numbers per "engine/stream@run". A reading the collector lost in
 * memory is not here; everything here must come out once.
 *
 * @param sequences sequence numbers per "engine/stream@run", in topic order (duplicates kept)
 * @param runs the distinct runs of the data readings, ascending
 * @param perRun data readings per run
 */
record AcknowledgedReadings(Map<String, List<Long>> sequences, List<Long> runs, Map<Long, Long> perRun) {

    static AcknowledgedReadings read(String bootstrapServers) {
        Map<String, List<Long>> sequences = new TreeMap<>();
        Set<Long> runs = new TreeSet<>();
        Map<Long, Long> perRun = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : new KafkaTestClient(bootstrapServers)
                .readAll(PipelineTopics.PUBLIC.raw().name())) {
            JsonNode reading;
            try {
                reading = Json.mapper().readTree(record.value());
            } catch (IOException e) {
                throw new UncheckedIOException("the raw topic holds a record that is not JSON: " + record, e);
            }
            ReadingKind kind = ReadingKind.valueOf(reading.path("kind").asText().toUpperCase(Locale.ROOT));
            if (kind == ReadingKind.STATUS) {
                continue;
            }
            long run = reading.path("run").asLong();
            String stream = StreamName.forKind(kind).orElseThrow().wireName();
            sequences
                    .computeIfAbsent(
                            key(reading.path("engine_id").asText() + "/" + stream, run), k -> new ArrayList<>())
                    .add(reading.path("sequence").asLong());
            runs.add(run);
            perRun.merge(run, 1L, Long::sum);
        }
        return new AcknowledgedReadings(sequences, List.copyOf(runs), perRun);
    }

    /** "engine/stream@run". */
    static String key(String engineStream, long run) {
        return engineStream + "@" + run;
    }

    /** Per key, the range 1..last sequence acknowledged: what a gapless collector run produced. */
    Map<String, long[]> ranges() {
        Map<String, long[]> ranges = new TreeMap<>();
        sequences.forEach((key, got) -> ranges.put(
                key,
                new long[] {1, got.stream().mapToLong(Long::longValue).max().orElse(0)}));
        return ranges;
    }

    /** The raw topic against itself: each run's sequences 1..last, each once (no reading dropped within a run). */
    SequenceCheck gapless() {
        return SequenceCheck.check(sequences, ranges());
    }

    /**
     * The LIVE events seen against the raw topic: every acknowledged (run, sequence) once, and nothing that Kafka did
     * not acknowledge.
     */
    SequenceCheck exactlyOnce(Map<String, List<Long>> liveByRun) {
        Map<String, List<Long>> missing = new TreeMap<>();
        Map<String, List<Long>> duplicates = new TreeMap<>();
        long missingCount = 0;
        long duplicateCount = 0;
        Set<String> keys = new HashSet<>(sequences.keySet());
        keys.addAll(liveByRun.keySet());
        for (String key : keys) {
            Set<Long> acknowledged = new HashSet<>(sequences.getOrDefault(key, List.of()));
            Map<Long, Integer> copies = new HashMap<>();
            for (long sequence : liveByRun.getOrDefault(key, List.of())) {
                if (copies.merge(sequence, 1, Integer::sum) > 1 || !acknowledged.contains(sequence)) {
                    duplicateCount++;
                    listed(duplicates, key, sequence);
                }
            }
            for (long sequence : new TreeSet<>(acknowledged)) {
                if (!copies.containsKey(sequence)) {
                    missingCount++;
                    listed(missing, key, sequence);
                }
            }
        }
        return new SequenceCheck(missing, duplicates, missingCount, duplicateCount);
    }

    private static void listed(Map<String, List<Long>> into, String key, long sequence) {
        List<Long> listed = into.computeIfAbsent(key, k -> new ArrayList<>());
        if (listed.size() < 10) {
            listed.add(sequence);
        }
    }

    long total() {
        return perRun.values().stream().mapToLong(Long::longValue).sum();
    }
}

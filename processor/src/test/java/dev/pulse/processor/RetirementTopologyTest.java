package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.processor.store.StoreNames;
import dev.pulse.processor.store.StreamState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ENGINE_RETIRE_AFTER 1 m here (24 h by default), STALE_AFTER 10 s. */
class RetirementTopologyTest {
    private static final Instant T = TopologyFixture.START;
    private final TopologyFixture fixture = new TopologyFixture(Map.of("ENGINE_RETIRE_AFTER", "1m"));

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void shouldSendRetiredThenATombstoneOnEveryStreamWhenTheCollectorNoLongerWatchesTheEngine() {
        // given an engine with values on every stream
        fixture.send("e1", "system", 1, T, Readings.system(10, T));
        fixture.send("e1", "memory", 1, T, Readings.memory(10, T));
        fixture.send("e1", "graph", 4, T, Readings.graph(10, T));
        drain();

        // when the collector retires it
        fixture.send("e1", "status", 2, T, Readings.status("RETIRED", "removed from engines.yaml", T));

        // then each stream gets a last RETIRED event with the last values, then a tombstone for the engine
        for (StreamName stream : StreamName.values()) {
            List<TestRecord<String, StreamEvent<StreamValues>>> records = fixture.eventRecords(stream);
            assertThat(records).hasSize(2);
            assertThat(records).extracting(TestRecord::key).containsOnly("e1");
            StreamEvent<StreamValues> retired = records.getFirst().value();
            assertThat(retired.status()).isEqualTo(EventStatus.RETIRED);
            assertThat(retired.values()).isNotNull();
            assertThat(retired.reason()).isEqualTo("no longer watched by the collector: removed from engines.yaml");
            assertThat(records.get(1).value()).isNull();
        }
        assertThat(fixture.eventRecords(StreamName.GRAPH)).isEmpty();

        // and its state is gone, in the store and in the changelog, and nothing more is said about it
        assertThat(storeKeys()).isEmpty();
        assertThat(changelog())
                .contains(
                        KeyValue.<String, byte[]>pair("analytics/e1", null),
                        KeyValue.<String, byte[]>pair("graph/e1", null));
        fixture.advanceStepwise(Duration.ofSeconds(30));
        drain().forEach(events -> assertThat(events).isEmpty());
        assertThat(fixture.counter("pulse.processor.engines.retired", "cause", "collector"))
                .isEqualTo(1);
    }

    @Test
    void shouldRetireAnEngineThatNeverHadDataWithoutValues() {
        fixture.send("e1", "status", 1, T, Readings.status("DOWN", "connection refused", T));
        drain();

        fixture.send("e1", "status", 2, T, Readings.status("RETIRED", null, T));

        for (StreamName stream : StreamName.values()) {
            List<TestRecord<String, StreamEvent<StreamValues>>> records = fixture.eventRecords(stream);
            assertThat(records.getFirst().value()).satisfies(e -> {
                assertThat(e.status()).isEqualTo(EventStatus.RETIRED);
                assertThat(e.values()).isNull();
                assertThat(e.sequence()).isZero();
                assertThat(e.observedAt()).isNull();
                assertThat(e.reason()).isEqualTo("no longer watched by the collector");
            });
            assertThat(records.get(1).value()).isNull();
        }
    }

    @Test
    void shouldIgnoreTheRetirementOfAnEngineItDoesNotKnow() {
        fixture.send("e9", "status", 1, T, Readings.status("RETIRED", null, T));

        drain().forEach(events -> assertThat(events).isEmpty());
        assertThat(fixture.dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldRetireAnEngineSilentOnEveryStreamForTheRetirementBound() {
        // given an engine heard on analytics at T and on memory at 50 s
        fixture.send("e1", "system", 1, T, Readings.system(10, T));
        fixture.advanceStepwise(Duration.ofSeconds(50));
        fixture.send("e1", "memory", 1, fixture.now(), Readings.memory(10, fixture.now()));
        drain();

        // when a minute has passed since the analytics reading: memory is still within the bound
        fixture.advanceStepwise(Duration.ofSeconds(20));
        assertThat(fixture.events(StreamName.ANALYTICS))
                .extracting(StreamEvent::status)
                .doesNotContain(EventStatus.RETIRED);
        assertThat(storeKeys()).contains("analytics/e1", "memory/e1");

        // when a minute has passed since the memory reading too
        fixture.advanceStepwise(Duration.ofSeconds(40));

        // then both streams are retired at 110 s, with their last values, and then tombstoned
        for (StreamName stream : List.of(StreamName.ANALYTICS, StreamName.MEMORY)) {
            List<TestRecord<String, StreamEvent<StreamValues>>> records = fixture.eventRecords(stream);
            List<TestRecord<String, StreamEvent<StreamValues>>> last =
                    records.subList(records.size() - 2, records.size());
            assertThat(last.getFirst().value()).satisfies(e -> {
                assertThat(e.status()).isEqualTo(EventStatus.RETIRED);
                assertThat(e.values()).isNotNull();
                assertThat(e.reason()).isEqualTo("no valid reading for 1m");
                assertThat(e.emittedAt()).isEqualTo(T.plusSeconds(110));
            });
            assertThat(last.get(1).value()).isNull();
        }
        assertThat(fixture.events(StreamName.GRAPH)).isEmpty();
        assertThat(storeKeys()).isEmpty();
        assertThat(fixture.counter("pulse.processor.engines.retired", "cause", "silence"))
                .isEqualTo(1);
    }

    @Test
    void shouldRetireAnEngineDownFromTheStartOnceTheBoundHasPassed() {
        fixture.send("e1", "status", 1, T, Readings.status("DOWN", "connection refused", T));
        drain();

        fixture.advanceStepwise(Duration.ofSeconds(60));

        List<TestRecord<String, StreamEvent<StreamValues>>> records = fixture.eventRecords(StreamName.GRAPH);
        assertThat(records.get(records.size() - 2).value().status()).isEqualTo(EventStatus.RETIRED);
        assertThat(records.getLast().value()).isNull();
        assertThat(storeKeys()).isEmpty();
    }

    @Test
    void shouldStartAfreshWhenARetiredEngineSendsReadingsAgain() {
        // given an engine retired after a few readings
        for (int i = 1; i <= 3; i++) {
            fixture.send("e1", "system", i, T, Readings.system(10 * i, T.plusSeconds(i)));
        }
        fixture.send("e1", "status", 1, T, Readings.status("RETIRED", null, T));
        drain();

        // when it is reported DOWN, then sends a reading
        fixture.send("e1", "status", 2, T, Readings.status("DOWN", "refused", T));
        fixture.send("e1", "system", 1, T, Readings.system(70, T.plusSeconds(5)));

        // then it is new: no data yet, then LIVE with a window of that one reading
        assertThat(fixture.events(StreamName.ANALYTICS))
                .satisfiesExactly(
                        noData -> {
                            assertThat(noData.status()).isEqualTo(EventStatus.FALLBACK);
                            assertThat(noData.values()).isNull();
                            assertThat(noData.window()).isNull();
                        },
                        live -> {
                            assertThat(live.status()).isEqualTo(EventStatus.LIVE);
                            assertThat(live.sequence()).isEqualTo(1);
                            assertThat(live.window().count()).isEqualTo(1);
                        });
    }

    private List<List<StreamEvent<StreamValues>>> drain() {
        List<List<StreamEvent<StreamValues>>> all = new ArrayList<>();
        for (StreamName stream : StreamName.values()) {
            all.add(fixture.events(stream));
        }
        return all;
    }

    private List<String> storeKeys() {
        KeyValueStore<String, StreamState> store = fixture.driver.getKeyValueStore(StoreNames.STREAM_STATE);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, StreamState> all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    /** The changelog as written: key and value bytes (null = tombstone). */
    private List<KeyValue<String, byte[]>> changelog() {
        String topic = fixture.config.applicationId() + "-" + StoreNames.STREAM_STATE + "-changelog";
        return fixture.driver
                .createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer())
                .readKeyValuesToList();
    }
}

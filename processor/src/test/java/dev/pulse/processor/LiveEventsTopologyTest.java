package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.AnalyticsValues;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.GraphValues;
import dev.pulse.common.model.MemoryValues;
import dev.pulse.common.model.StreamName;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveEventsTopologyTest {
    private static final Instant T = TopologyFixture.START;
    private final TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void shouldEmitASystemReadingLiveOnTheAnalyticsTopicKeyedByEngine() {
        // given a reading observed 3 s and collected 1 s before the processor's clock
        Instant observed = T.minusSeconds(3);
        fixture.send("engine-a", "system", 7, T.minusSeconds(1), Readings.system(42.5, observed));

        // when
        var records = fixture.eventRecords(StreamName.ANALYTICS);

        // then
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("engine-a");
            var event = record.value();
            assertThat(event.engineId()).isEqualTo("engine-a");
            assertThat(event.stream()).isEqualTo(StreamName.ANALYTICS);
            assertThat(event.status()).isEqualTo(EventStatus.LIVE);
            assertThat(event.sequence()).isEqualTo(7);
            assertThat(event.observedAt()).isEqualTo(observed);
            assertThat(event.emittedAt()).isEqualTo(T);
            assertThat(event.ageMs()).isEqualTo(1000);
            assertThat(event.reason()).isNull();
            assertThat(event.values())
                    .isEqualTo(new AnalyticsValues(120, 480, 35.5, 0.92, 512.0, 42.5, 12.5, observed));
        });
        assertThat(fixture.events(StreamName.MEMORY)).isEmpty();
        assertThat(fixture.events(StreamName.GRAPH)).isEmpty();
    }

    @Test
    void shouldEmitAMemoryReadingOnTheMemoryTopic() {
        fixture.send("engine-a", "memory", 1, T, Readings.memory(5000, T));

        assertThat(fixture.events(StreamName.MEMORY)).singleElement().satisfies(event -> {
            assertThat(event.status()).isEqualTo(EventStatus.LIVE);
            assertThat(event.values()).isEqualTo(new MemoryValues(5000, 3, 4.2, 1_048_576, 0.8, T));
        });
        assertThat(fixture.events(StreamName.ANALYTICS)).isEmpty();
        assertThat(fixture.events(StreamName.GRAPH)).isEmpty();
    }

    @Test
    void shouldEmitAGraphReadingOnTheGraphTopic() {
        fixture.send("engine-a", "graph", 1, T, Readings.graph(1000, T));

        assertThat(fixture.events(StreamName.GRAPH)).singleElement().satisfies(event -> {
            assertThat(event.status()).isEqualTo(EventStatus.LIVE);
            assertThat(event.values()).isEqualTo(new GraphValues(1000, 4000, 0.02, 8.0, 3, 990, T));
        });
        assertThat(fixture.events(StreamName.ANALYTICS)).isEmpty();
        assertThat(fixture.events(StreamName.MEMORY)).isEmpty();
    }

    @Test
    void shouldEmitNothingForAStatusReportAlone() {
        // given an engine with values
        fixture.send("engine-a", "system", 1, T, Readings.system(10, T));
        fixture.events(StreamName.ANALYTICS);

        // when the collector reports it UP
        fixture.send("engine-a", "status", 1, T, Readings.status("UP", null, T));

        // then
        assertThat(fixture.events(StreamName.ANALYTICS)).isEmpty();
        assertThat(fixture.dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepEnginesApart() {
        fixture.send("engine-a", "system", 1, T, Readings.system(10, T));
        fixture.send("engine-b", "system", 1, T, Readings.system(90, T));

        assertThat(fixture.eventRecords(StreamName.ANALYTICS))
                .extracting(r -> r.key() + "=" + ((AnalyticsValues) r.value().values()).cpuUsage())
                .containsExactly("engine-a=10.0", "engine-b=90.0");
    }

    @Test
    void shouldCountRecordsInAndOutPerTopic() {
        fixture.send("engine-a", "system", 1, T, Readings.system(10, T));
        fixture.send("engine-a", "graph", 1, T, Readings.graph(10, T));

        assertThat(fixture.counter(
                        "pulse.processor.records.in",
                        "topic",
                        fixture.config.topics().raw().name()))
                .isEqualTo(2);
        assertThat(fixture.counter(
                        "pulse.processor.records.out",
                        "topic",
                        fixture.config.topics().analytics().name()))
                .isEqualTo(1);
        assertThat(fixture.counter(
                        "pulse.processor.records.out",
                        "topic",
                        fixture.config.topics().graph().name()))
                .isEqualTo(1);
        assertThat(fixture.counter("pulse.processor.events", "stream", "graph", "status", "LIVE"))
                .isEqualTo(1);
    }

    @Test
    void shouldNeedNoRepartitionTopicAndNameItsStores() {
        TopologyDescription description = PulseTopology.build(fixture.config).describe();

        assertThat(description.subtopologies()).hasSize(1);
        assertThat(description.toString()).doesNotContain("repartition");
        assertThat(description.subtopologies().iterator().next().nodes().stream()
                        .flatMap(n ->
                                n instanceof TopologyDescription.Processor p ? p.stores().stream() : Stream.empty())
                        .distinct()
                        .sorted())
                .containsExactly("alert-state-store", "stream-state-store");
    }

    @Test
    void shouldRunExactlyOnceByDefault() {
        var properties = StreamsProperties.of(fixture.config, fixture.metrics);

        assertThat(properties.get("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(properties.get("commit.interval.ms")).isEqualTo(20L);
        assertThat(properties.get("errors.dead.letter.queue.topic.name"))
                .isEqualTo(fixture.config.topics().dlq().name());
        assertThat(fixture.config.timing()).isEqualTo(StreamTiming.DEFAULT);
        assertThat(fixture.config.timing().windowSize()).isEqualTo(Duration.ofSeconds(60));
    }
}

package dev.pulse.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.model.RawReading;
import dev.pulse.common.model.ReadingKind;
import dev.pulse.kafka.EmbeddedKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Kafka goes away and comes back: the collector keeps polling, holds the newest readings up to its bound, then drains.
 */
class CollectorKafkaOutageIT {
    private static final int CAPACITY = 60;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldBufferTheNewestReadingsWithinTheBoundAndDeliverThemWhenKafkaIsBack() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
            Map<String, String> env = TestConfigs.fastPolling(broker.bootstrapServers(), "outage-1=http://127.0.0.1:1");
            env.put("COLLECTOR_MODE", "simulated");
            env.put("COLLECTOR_INTERVAL", "100ms");
            env.put("COLLECTOR_REQUEST_TIMEOUT", "100ms");
            env.put("COLLECTOR_CONNECT_TIMEOUT", "100ms");
            env.put("COLLECTOR_BUFFER_CAPACITY", Integer.toString(CAPACITY));
            try (CollectorService collector = CollectorService.start(TestConfigs.config(env))) {
                // given readings flowing (the collector created the topics itself)
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> metric(collector, "pulse_collector_kafka_up") == 1.0);
                RawTopicWatcher watcher = new RawTopicWatcher(broker.bootstrapServers(), "outage-1");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> watcher.of("outage-1", ReadingKind.SYSTEM).size() >= 3);
                watcher.close();

                // when Kafka goes away
                broker.stop();
                Instant stoppedAt = Instant.now();

                // then polling goes on and the buffer fills up to its bound, never beyond
                AtomicLong maxBuffered = new AtomicLong();
                await().atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> {
                            long buffered = (long) metric(collector, "pulse_collector_buffered_readings");
                            maxBuffered.accumulateAndGet(buffered, Math::max);
                            return buffered == CAPACITY
                                    && metric(collector, "pulse_collector_buffer_dropped_total") > 0;
                        });
                assertThat(maxBuffered.get()).isLessThanOrEqualTo(CAPACITY);
                assertThat(get(collector, "/health").statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> get(collector, "/ready").statusCode() == 503);
                double pollsDuringOutage = metric(collector, "pulse_collector_polls_total");

                // when Kafka is back
                broker.start();
                Instant restartedAt = Instant.now();

                // then the buffer drains and the newest readings arrive
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> get(collector, "/ready").statusCode() == 200
                                && metric(collector, "pulse_collector_buffered_readings") < CAPACITY / 4.0);
                assertThat(metric(collector, "pulse_collector_polls_total")).isGreaterThan(pollsDuringOutage);
                List<RawReading> all = new KafkaReadAll(broker.bootstrapServers()).raw("outage-1");
                List<RawReading> fromOutage = all.stream()
                        .filter(r -> r.collectedAt().isAfter(stoppedAt)
                                && r.collectedAt().isBefore(restartedAt))
                        .toList();
                assertThat(fromOutage).isNotEmpty().hasSizeLessThanOrEqualTo(CAPACITY);
                Set<String> unique = new HashSet<>();
                assertThat(all)
                        .allSatisfy(r -> assertThat(unique.add(r.kind() + "/" + r.sequence()))
                                .as("no duplicates")
                                .isTrue());
                List<Long> system = all.stream()
                        .filter(r -> r.kind() == ReadingKind.SYSTEM)
                        .map(RawReading::sequence)
                        .sorted()
                        .toList();
                assertThat(system.getLast() - system.getFirst() + 1)
                        .as("dropped readings leave gaps")
                        .isGreaterThan(system.size());
            }
        }
    }

    private static HttpResponse<String> get(CollectorService collector, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collector.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The sum of a Prometheus metric's samples, as scraped from /metrics. */
    static double metric(CollectorService collector, String name) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$")
                .matcher(get(collector, "/metrics").body());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }
}

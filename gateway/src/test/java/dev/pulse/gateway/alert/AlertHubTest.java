package dev.pulse.gateway.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.ActiveAlert;
import dev.pulse.common.model.Alert;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.gateway.fanout.ClientFeed;
import dev.pulse.gateway.fanout.Frame;
import dev.pulse.gateway.fanout.Subscription;
import dev.pulse.testing.TestAlerts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class AlertHubTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AlertHub hub = new AlertHub(registry);
    private long offset;

    @Test
    void shouldOpenWithTheActiveAlertsThenForwardEachRecordWithoutAnId() {
        dispatch("e1", TestAlerts.cpuBreach("e1", T));
        ClientFeed feed = new ClientFeed(Subscription.alertsOf(Set.of()), 10);

        String opening = text(hub.join(feed));
        dispatch("e2", TestAlerts.cpuBreach("e2", T));

        assertThat(opening).startsWith("event: alerts-active\ndata: {\"alerts\":[{\"engine_id\":\"e1\"");
        String live = text(((Frame.Event) feed.poll()).bytes());
        assertThat(live)
                .startsWith("event: alerts\ndata: {\"engine_id\":\"e2\"")
                .doesNotContain("id: ");
        assertThat(hub.activeFor(Subscription.alertsOf(Set.of())).alerts())
                .extracting(ActiveAlert::engineId)
                .containsExactly("e1", "e2");
        assertThat(registry.get("pulse.gateway.active.alerts").gauge().value()).isEqualTo(2);
    }

    @Test
    void shouldForwardOnlyTheEnginesAClientAskedFor() {
        ClientFeed feed = new ClientFeed(Subscription.alertsOf(Set.of("e2")), 10);
        assertThat(text(hub.join(feed))).contains("{\"alerts\":[]}");

        dispatch("e1", TestAlerts.cpuBreach("e1", T));

        assertThat(feed.poll()).isNull();
        assertThat(hub.activeFor(Subscription.alertsOf(Set.of("e2"))).alerts()).isEmpty();
    }

    @Test
    void shouldForgetAnEngineWhoseAlertsClearedOrThatWasRetired() {
        dispatch("e1", TestAlerts.cpuBreach("e1", T));
        dispatch("e2", TestAlerts.cpuBreach("e2", T));

        dispatch("e1", TestAlerts.clearOf(TestAlerts.cpuBreach("e1", T)));
        dispatch("e2", null);

        assertThat(hub.activeCount()).isZero();
    }

    @Test
    void shouldSkipAndCountARecordThatIsNotAnAlert() {
        hub.dispatch(List.of(new ConsumerRecord<>(
                PipelineTopics.PUBLIC.alerts().name(), 0, offset++, "e1", "{\"x\":1}".getBytes())));

        assertThat(hub.activeCount()).isZero();
        assertThat(registry.get("pulse.gateway.alerts.unreadable").counter().count())
                .isEqualTo(1);
    }

    @Test
    void shouldDropAClientWhoseQueueIsFullAndStopOfferingToIt() {
        ClientFeed slow = new ClientFeed(Subscription.alertsOf(Set.of()), 1);
        hub.join(slow);

        dispatch("e1", TestAlerts.cpuBreach("e1", T));
        dispatch("e2", TestAlerts.cpuBreach("e2", T));
        dispatch("e3", TestAlerts.cpuBreach("e3", T));

        assertThat(slow.dropped()).isTrue();
        assertThat(slow.poll()).isInstanceOf(Frame.Dropped.class);
        assertThat(slow.poll()).isNull();
    }

    private void dispatch(String engine, Alert alert) {
        byte[] value = alert == null
                ? null
                : JsonSerde.of(Alert.class)
                        .serialize(PipelineTopics.PUBLIC.alerts().name(), alert);
        hub.dispatch(List.of(new ConsumerRecord<>(PipelineTopics.PUBLIC.alerts().name(), 0, offset++, engine, value)));
    }

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }
}

package dev.pulse.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.ops.BadRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final ReplayWindow oneDay =
            new ReplayWindow(Optional.of(Duration.ofDays(1)), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldKeepATimeTheTopicsHold() {
        Instant hourAgo = NOW.minus(Duration.ofHours(1));
        assertThat(oneDay.check("since", hourAgo)).isEqualTo(hourAgo);
    }

    @Test
    void shouldClampATimeBeforeTheRetentionToTheEarliestHeld() {
        assertThat(oneDay.check("since", Instant.parse("2020-01-01T00:00:00Z")))
                .isEqualTo(NOW.minus(Duration.ofDays(1)));
    }

    @Test
    void shouldClampToTheEpochWhenRetentionIsUnlimited() {
        ReplayWindow unlimited = new ReplayWindow(Optional.empty(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(unlimited.check("since", Instant.parse("1971-01-01T00:00:00Z")))
                .isEqualTo(Instant.parse("1971-01-01T00:00:00Z"));
    }

    @Test
    void shouldRefuseTimesKafkaCannotRepresent() {
        assertThatThrownBy(() -> oneDay.check("since", Instant.MIN))
                .isInstanceOf(BadRequest.class)
                .hasMessageContaining("since " + Instant.MIN + " is out of range");
        assertThatThrownBy(() -> oneDay.check("until", Instant.MAX))
                .isInstanceOf(BadRequest.class)
                .hasMessageContaining("until");
    }

    @Test
    void shouldRefuseAFutureBeyondClockSkew() {
        assertThatThrownBy(() -> oneDay.check("since", NOW.plus(Duration.ofHours(1))))
                .isInstanceOf(BadRequest.class);
        assertThat(oneDay.check("since", NOW.plus(Duration.ofMinutes(1)))).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
    }
}

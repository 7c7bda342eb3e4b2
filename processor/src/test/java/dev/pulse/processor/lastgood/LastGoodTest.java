package dev.pulse.processor.lastgood;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamValues;
import org.junit.jupiter.api.Test;

class LastGoodTest {
    @Test
    void shouldTellOperatorsThatAStreamHadNoEventBeforeItsFirstAlthoughItsStateReadsLive() {
        LastGood<StreamValues> unknown = LastGood.unknown(1_000);

        assertThat(unknown.status()).isEqualTo(EventStatus.LIVE);
        assertThat(unknown.lastEmitted()).isEqualTo("none");
        assertThat(unknown.emitted(EventStatus.FALLBACK, 2_000, 1_000).lastEmitted())
                .isEqualTo("FALLBACK");
    }
}

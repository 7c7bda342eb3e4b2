package dev.pulse.common.text;

import static dev.pulse.common.text.Abbreviation.abbreviate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AbbreviationTest {

    @Test
    void shouldKeepTextThatFits() {
        assertThat(abbreviate("engine-1", 8)).isEqualTo("engine-1");
        assertThat(abbreviate("", 8)).isEmpty();
    }

    @Test
    void shouldCutLongTextToTheLimitWithAMark() {
        String cut = abbreviate("x".repeat(10_000), 80);

        assertThat(cut).hasSize(80).endsWith("…").startsWith("x".repeat(79));
    }

    @Test
    void shouldNeverKeepHalfACharacter() {
        String emoji = "\uD83D\uDE00";

        String cut = abbreviate("ab" + emoji + "cdef", 4);

        assertThat(cut).isEqualTo("ab…");
    }

    @Test
    void shouldRefuseALimitWithNoRoomForText() {
        assertThatThrownBy(() -> abbreviate("abc", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}

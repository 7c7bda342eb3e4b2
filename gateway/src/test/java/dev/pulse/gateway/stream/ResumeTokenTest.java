package dev.pulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.common.model.StreamName;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResumeTokenTest {
    private final PartitionLayout layout =
            new PartitionLayout(Map.of(StreamName.ANALYTICS, 3, StreamName.MEMORY, 2, StreamName.GRAPH, 1));

    @Test
    void shouldCarryEveryPartitionOfTheSubscribedStreamsOnly() {
        // given
        long[] position = {0, 5, 1L << 40, 7, 0, 9};

        // when
        ResumeToken token = ResumeToken.decode(
                ResumeToken.encode(layout, position, EnumSet.of(StreamName.ANALYTICS, StreamName.GRAPH)));

        // then
        assertThat(token.offsets()).containsOnlyKeys(StreamName.ANALYTICS, StreamName.GRAPH);
        assertThat(token.offsets().get(StreamName.ANALYTICS)).containsExactly(0, 5, 1L << 40);
        assertThat(token.offsets().get(StreamName.GRAPH)).containsExactly(9);
    }

    @Test
    void shouldStayShortForADashboard() {
        String token = ResumeToken.encode(
                layout, new long[] {123_456, 234_567, 345_678, 1, 2, 3}, EnumSet.allOf(StreamName.class));
        assertThat(token).startsWith("v1.").hasSizeLessThan(40);
    }

    @Test
    void shouldRejectADamagedToken() {
        String token = ResumeToken.encode(layout, new long[] {1, 2, 3, 4, 5, 6}, EnumSet.allOf(StreamName.class));
        char last = token.charAt(5);
        String damaged = token.substring(0, 5) + (last == 'A' ? 'B' : 'A') + token.substring(6);
        assertThatThrownBy(() -> ResumeToken.decode(damaged)).hasMessageContaining("damaged");
    }

    @Test
    void shouldRejectMalformedTokensSayingWhy() {
        assertThatThrownBy(() -> ResumeToken.decode("v2.AAAA")).hasMessageContaining("v1.");
        assertThatThrownBy(() -> ResumeToken.decode("v1.***")).hasMessageContaining("base64url");
        assertThatThrownBy(() -> ResumeToken.decode("v1.AA")).hasMessageContaining("too short");
        assertThatThrownBy(() -> ResumeToken.decode("v1." + "A".repeat(ResumeToken.MAX_LENGTH)))
                .hasMessageContaining("longer than");
    }
}

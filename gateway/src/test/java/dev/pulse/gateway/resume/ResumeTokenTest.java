package dev.pulse.gateway.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.gateway.kafka.PartitionLayout;
import dev.pulse.gateway.kafka.Positions;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ResumeTokenTest {
    private final PartitionLayout layout = new PartitionLayout(
            PipelineTopics.PUBLIC, Map.of(StreamName.ANALYTICS, 3, StreamName.MEMORY, 2, StreamName.GRAPH, 1));

    @Test
    void shouldCarryEveryPartitionOfTheSubscribedStreamsOnly() {
        // given
        Positions position = Positions.of(layout, 0, 5, 1L << 40, 7, 0, 9);

        // when
        ResumeToken token =
                ResumeToken.decode(ResumeToken.encode(position, EnumSet.of(StreamName.ANALYTICS, StreamName.GRAPH)));

        // then
        assertThat(token.offsets()).containsOnlyKeys(StreamName.ANALYTICS, StreamName.GRAPH);
        assertThat(token.offsets().get(StreamName.ANALYTICS)).containsExactly(0L, 5L, 1L << 40);
        assertThat(token.offsets().get(StreamName.GRAPH)).containsExactly(9L);
    }

    @Test
    void shouldStillDecodeTokensIssuedByEarlierReleases() {
        // given: tokens written by the gateway of 2026-12-01 (hand-written varints), for this layout and
        // the position {0, 5, 2^40 | 7, 300 | 9}: clients hold such ids across an upgrade
        String allStreams = "v1.AAMABYCAgICAIAECB6wCAgEJPS6uzA";
        String memoryOnly = "v1.AQIHrAIAGZUZ";

        // when
        ResumeToken all = ResumeToken.decode(allStreams);
        ResumeToken memory = ResumeToken.decode(memoryOnly);

        // then
        assertThat(all.offsets().get(StreamName.ANALYTICS)).containsExactly(0L, 5L, 1L << 40);
        assertThat(all.offsets().get(StreamName.MEMORY)).containsExactly(7L, 300L);
        assertThat(all.offsets().get(StreamName.GRAPH)).containsExactly(9L);
        assertThat(memory.offsets()).containsOnlyKeys(StreamName.MEMORY);
        assertThat(memory.offsets().get(StreamName.MEMORY)).containsExactly(7L, 300L);
    }

    @Test
    void shouldEncodeExactlyAsEarlierReleasesDid() {
        Positions position = Positions.of(layout, 0, 5, 1L << 40, 7, 300, 9);
        assertThat(ResumeToken.encode(position, EnumSet.allOf(StreamName.class)))
                .isEqualTo("v1.AAMABYCAgICAIAECB6wCAgEJPS6uzA");
        assertThat(ResumeToken.encode(position, EnumSet.of(StreamName.MEMORY))).isEqualTo("v1.AQIHrAIAGZUZ");
    }

    @Test
    void shouldStayShortForADashboard() {
        String token = ResumeToken.encode(
                Positions.of(layout, 123_456, 234_567, 345_678, 1, 2, 3), EnumSet.allOf(StreamName.class));
        assertThat(token).startsWith("v1.").hasSizeLessThan(40);
    }

    @Test
    void shouldRejectADamagedToken() {
        String token = ResumeToken.encode(Positions.of(layout, 1, 2, 3, 4, 5, 6), EnumSet.allOf(StreamName.class));
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

    @Test
    void shouldRejectATruncatedOrOversizedOffset() {
        // memory (ordinal 1), one partition, then a varint that never ends
        assertThatThrownBy(() -> ResumeToken.decode(token(1, 1, 0x80, 0x80))).hasMessageContaining("truncated");
        // an offset of 2^63: ten varint bytes, beyond what a Kafka offset can be
        assertThatThrownBy(() ->
                        ResumeToken.decode(token(1, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> ResumeToken.decode(token(1, 0, 0, 0))).hasMessageContaining("partition count");
    }

    /** A token with a valid checksum around the given body bytes. */
    private static String token(int... body) {
        ByteBuffer bytes = ByteBuffer.allocate(body.length + 4);
        for (int b : body) {
            bytes.put((byte) b);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.array(), 0, body.length);
        bytes.putInt((int) crc.getValue());
        return ResumeToken.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}

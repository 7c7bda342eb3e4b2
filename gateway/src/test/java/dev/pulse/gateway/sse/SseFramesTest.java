package dev.pulse.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.StreamName;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SseFramesTest {
    @Test
    void shouldWriteIdEventAndTheRecordBytesAsData() {
        byte[] frame = SseFrames.event("memory", "v1.abc", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(frame, StandardCharsets.UTF_8))
                .isEqualTo("id: v1.abc\nevent: memory\ndata: {\"a\":1}\n\n");
    }

    @Test
    void shouldSplitMultiLineDataIntoSeveralDataLines() {
        byte[] frame = SseFrames.event("graph", "t", "{\n\"a\": 1\r\n}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(frame, StandardCharsets.UTF_8))
                .isEqualTo("id: t\nevent: graph\ndata: {\ndata: \"a\": 1\ndata: }\n\n");
    }

    @Test
    void shouldWriteNoticesWithoutAnIdSoTheResumePointStays() {
        String notice = new String(SseFrames.notice("error", Map.of("error", "too_slow")), StandardCharsets.UTF_8);
        assertThat(notice).isEqualTo("event: error\ndata: {\"error\":\"too_slow\"}\n\n");
    }

    @Test
    void shouldTurnATombstoneIntoARetiredEventWithAnId() {
        String frame = new String(SseFrames.ofRecord(StreamName.GRAPH, "e-1", null, "v1.x"), StandardCharsets.UTF_8);
        assertThat(frame).isEqualTo("id: v1.x\nevent: retired\ndata: {\"engine_id\":\"e-1\",\"stream\":\"graph\"}\n\n");
    }
}

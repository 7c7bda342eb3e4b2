package dev.pulse.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    private final List<SseEvent> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final List<String> retries = new ArrayList<>();
    private final SseParser parser = new SseParser(SseParser.Listener.of(events::add, comments::add, retries::add));

    @Test
    void shouldReadEventsCommentsAndRetryAsTheGatewayWritesThem() {
        feed("retry: 2000\n\n: heartbeat\n\nid: v1.AA\nevent: analytics\ndata: {\"sequence\":1}\n\n");

        assertThat(retries).containsExactly("2000");
        assertThat(comments).containsExactly("heartbeat");
        assertThat(events).containsExactly(new SseEvent("v1.AA", "analytics", "{\"sequence\":1}"));
    }

    @Test
    void shouldJoinDataLinesAndDefaultTheEventTypeToMessage() {
        feed("data: first\ndata:second\ndata\n\n");

        assertThat(events).containsExactly(new SseEvent(null, "message", "first\nsecond\n"));
    }

    @Test
    void shouldDispatchOnlyEventsThatHadData() {
        feed("id: 7\nevent: nothing\n\nfoo: bar\n\ndata: x\n\n");

        assertThat(events).containsExactly(new SseEvent(null, "message", "x"));
    }

    @Test
    void shouldEndLinesAtLfCrOrCrLfAndSkipALeadingBom() {
        feed("\uFEFFevent: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\rdata: 3\n\n");

        assertThat(events)
                .containsExactly(
                        new SseEvent(null, "a", "1"), new SseEvent(null, "b", "2"), new SseEvent(null, "message", "3"));
    }

    @Test
    void shouldGiveTheSameEventsWhateverPiecesTheBytesArriveIn() {
        String stream = "id: é1\r\nevent: memory\r\ndata: {\"name\":\"ünïcode ✓\"}\r\n\r\n: hb\n\ndata: z\n\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
        List<SseEvent> whole = List.copyOf(events);
        events.clear();

        for (byte b : bytes) {
            parser.feed(ByteBuffer.wrap(new byte[] {b}));
        }

        assertThat(events).isEqualTo(whole).hasSize(2);
        assertThat(whole.getFirst()).isEqualTo(new SseEvent("é1", "memory", "{\"name\":\"ünïcode ✓\"}"));
    }

    @Test
    void shouldKeepAnIncompleteEventUntilItsBlankLine() {
        feed("data: half");
        assertThat(events).isEmpty();

        feed("\n\n");

        assertThat(events).containsExactly(new SseEvent(null, "message", "half"));
    }

    private void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
    }
}

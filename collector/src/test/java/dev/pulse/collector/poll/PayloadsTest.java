package dev.pulse.collector.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    @Test
    void shouldKeepJsonAsJson() {
        JsonNode payload = Payloads.of(body("{\"cpu_usage\": 12.5}", false));

        assertThat(payload.isObject()).isTrue();
        assertThat(payload.get("cpu_usage").asDouble()).isEqualTo(12.5);
    }

    @Test
    void shouldForwardABodyThatIsNotJsonAsText() {
        JsonNode payload = Payloads.of(body("{\"cpu_usage\": 1<<garbage", false));

        assertThat(payload.isTextual()).isTrue();
        assertThat(payload.textValue()).isEqualTo("{\"cpu_usage\": 1<<garbage");
    }

    @Test
    void shouldTreatTrailingJunkAsMalformed() {
        assertThat(Payloads.of(body("{} junk", false)).isTextual()).isTrue();
    }

    @Test
    void shouldMarkATruncatedBody() {
        JsonNode payload = Payloads.of(body("{\"a\":", true));

        assertThat(payload.textValue()).isEqualTo("{\"a\":" + Payloads.TRUNCATION_MARK);
    }

    private static BoundedBody body(String text, boolean truncated) {
        return new BoundedBody(text.getBytes(StandardCharsets.UTF_8), truncated);
    }
}

package dev.pulse.processor;

import dev.pulse.common.config.ConfigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsConfig;

/** The processing guarantee: exactly-once in production; at-least-once only to measure what EOS costs. */
public enum Guarantee {
    EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2),
    AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE);

    private final String streamsValue;

    Guarantee(String streamsValue) {
        this.streamsValue = streamsValue;
    }

    /** The value of {@code processing.guarantee}. */
    public String streamsValue() {
        return streamsValue;
    }

    static Guarantee parse(String variable, String text) {
        return Arrays.stream(values())
                .filter(g -> g.streamsValue.equals(text.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new ConfigException(
                        variable,
                        Arrays.stream(values()).map(Guarantee::streamsValue).collect(Collectors.joining(" or ")),
                        text));
    }
}

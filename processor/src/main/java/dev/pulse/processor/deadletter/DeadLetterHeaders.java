package dev.pulse.processor.deadletter;

import static dev.pulse.common.text.Abbreviation.abbreviate;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers every dead-letter record carries (UTF-8 text), next to the source record's own headers. Key and value
 * stay the source record's bytes, unchanged.
 */
public final class DeadLetterHeaders {
    public static final String REASON = "pulse.dlq.reason";
    public static final String FIELDS = "pulse.dlq.fields";
    public static final String DETAIL = "pulse.dlq.detail";
    public static final String SOURCE_TOPIC = "pulse.dlq.source.topic";
    public static final String SOURCE_PARTITION = "pulse.dlq.source.partition";
    public static final String SOURCE_OFFSET = "pulse.dlq.source.offset";
    /** A detail longer than this is cut (and ends with …): a 10 MB payload must not become a 10 MB header. */
    public static final int MAX_DETAIL_LENGTH = 1000;

    private DeadLetterHeaders() {}

    /** The source headers plus the dead-letter ones; the source headers are not modified. */
    public static Headers of(
            Headers source,
            DeadLetterReason reason,
            String fields,
            String detail,
            String topic,
            int partition,
            long offset) {
        Headers headers = new RecordHeaders(source == null ? new Header[0] : source.toArray());
        // A replayed dead letter must not carry the verdict of its first trip.
        for (String name : new String[] {REASON, FIELDS, DETAIL, SOURCE_TOPIC, SOURCE_PARTITION, SOURCE_OFFSET}) {
            headers.remove(name);
        }
        add(headers, REASON, reason.wireName());
        add(headers, FIELDS, fields);
        add(headers, DETAIL, bounded(detail));
        add(headers, SOURCE_TOPIC, topic);
        add(headers, SOURCE_PARTITION, Integer.toString(partition));
        add(headers, SOURCE_OFFSET, Long.toString(offset));
        return headers;
    }

    static String bounded(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ");
        return abbreviate(oneLine, MAX_DETAIL_LENGTH);
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}

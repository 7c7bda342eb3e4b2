package dev.pulse.gateway.http;

import dev.pulse.common.model.StreamName;
import dev.pulse.ops.BadRequest;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * A validated {@code GET /api/v1/export} query: which streams and engines, the time range [since, until) and the
 * format. Everything outside the limits is a 400 that says which limit (docs/gateway.md, "Export").
 *
 * @param streams the streams exported
 * @param engines the engines exported; empty = all
 * @param since the first record time exported (inclusive)
 * @param until the end of the range (exclusive)
 * @param format csv or ndjson
 */
public record ExportRequest(Set<StreamName> streams, Set<String> engines, Instant since, Instant until, Format format) {
    /** Kafka record times are milliseconds since 1970; nothing before that can be held. */
    private static final Instant EARLIEST = Instant.EPOCH;
    /** A bit of clock skew between the page and the gateway is fine, a time far in the future is a mistake. */
    private static final Duration MAX_AHEAD = Duration.ofDays(1);

    /** The two output formats: CSV for spreadsheets, NDJSON (one stream event per line, as on the topics). */
    public enum Format {
        CSV("text/csv; charset=utf-8", "csv"),
        NDJSON("application/x-ndjson", "ndjson");

        private final String contentType;
        private final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }

        public String contentType() {
            return contentType;
        }

        public String extension() {
            return extension;
        }
    }

    public ExportRequest {
        streams = Set.copyOf(streams);
        engines = Set.copyOf(engines);
    }

    /** Reads and checks the query; {@code now} bounds {@code until} and is its default. */
    public static ExportRequest of(Context ctx, Instant now, Duration maxRange) {
        Set<StreamName> streams = RequestParams.streams(ctx);
        Set<String> engines = RequestParams.engines(ctx);
        Format format = format(ctx.queryParam("format"));
        String rawSince = ctx.queryParam("since");
        if (rawSince == null || rawSince.isBlank()) {
            throw new BadRequest(
                    "since is required: the start of the range, an ISO-8601 time such as " + "2026-01-31T12:00:00Z");
        }
        Instant latest = now.plus(MAX_AHEAD);
        Instant since = time("since", rawSince, latest);
        String rawUntil = ctx.queryParam("until");
        Instant until = rawUntil == null || rawUntil.isBlank() ? now : time("until", rawUntil, latest);
        if (!until.isAfter(since)) {
            throw new BadRequest("until (" + until + ") must be after since (" + since + ")");
        }
        if (Duration.between(since, until).compareTo(maxRange) > 0) {
            throw new BadRequest("the range " + since + " to " + until + " is longer than the limit of " + maxRange
                    + " per export; export it in parts");
        }
        return new ExportRequest(streams, engines, since, until, format);
    }

    /** The same request for fewer streams (those a token grants). */
    public ExportRequest withStreams(Set<StreamName> granted) {
        return new ExportRequest(granted, engines, since, until, format);
    }

    /** The file name offered to a browser, e.g. pulse-export-20260131T120000Z.csv. */
    public String filename() {
        String stamp = since.toString().replace("-", "").replace(":", "").replaceAll("\\.\\d+", "");
        return "pulse-export-" + stamp + "." + format.extension();
    }

    private static Instant time(String name, String raw, Instant latest) {
        Instant t;
        try {
            t = Instant.parse(raw.strip());
        } catch (DateTimeParseException e) {
            try {
                t = OffsetDateTime.parse(raw.strip()).toInstant();
            } catch (DateTimeParseException e2) {
                throw new BadRequest("bad " + name + " '" + abbreviate(raw)
                        + "': expected an ISO-8601 time such as 2026-01-31T12:00:00Z");
            }
        }
        // Checked before any arithmetic: Instant holds years ±1e9, which overflow epoch milliseconds.
        if (t.isBefore(EARLIEST) || t.isAfter(latest)) {
            throw new BadRequest(name + " " + abbreviate(raw) + " is out of range: expected a time from " + EARLIEST
                    + " to " + latest);
        }
        return t;
    }

    private static Format format(String raw) {
        if (raw == null || raw.isBlank()) {
            return Format.CSV;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "csv" -> Format.CSV;
            case "ndjson" -> Format.NDJSON;
            default -> throw new BadRequest("unknown format '" + abbreviate(raw) + "'; expected csv or ndjson");
        };
    }

    private static String abbreviate(String value) {
        String clean = value.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }
}

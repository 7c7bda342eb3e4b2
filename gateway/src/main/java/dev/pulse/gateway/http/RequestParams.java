package dev.pulse.gateway.http;

import dev.pulse.common.model.StreamName;
import dev.pulse.gateway.stream.ResumeToken;
import dev.pulse.gateway.stream.Subscription;
import dev.pulse.ops.BadRequest;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and validates the query of {@code /events} and {@code /api/v1/snapshot}; anything wrong is a 400 saying what.
 */
public final class RequestParams {
    /** Engine ids as the collector accepts them. */
    public static final Pattern ENGINE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public static final int MAX_ENGINES = 100;
    private static final String STREAM_NAMES =
            Arrays.stream(StreamName.values()).map(StreamName::wireName).collect(Collectors.joining(", "));

    private RequestParams() {}

    /** {@code ?streams=a,b}; absent = all streams. */
    public static Set<StreamName> streams(Context ctx) {
        List<String> values = ctx.queryParams("streams");
        if (values.isEmpty()) {
            return EnumSet.allOf(StreamName.class);
        }
        Set<StreamName> streams = EnumSet.noneOf(StreamName.class);
        for (String name : split(values)) {
            streams.add(StreamName.parse(name)
                    .orElseThrow(() -> new BadRequest("unknown stream '" + abbreviate(name)
                            + "' in streams; expected some of: " + STREAM_NAMES)));
        }
        if (streams.isEmpty()) {
            throw new BadRequest(
                    "streams is empty; name at least one of: " + STREAM_NAMES + " (or leave it out for all)");
        }
        return streams;
    }

    /** {@code ?engine=a,b}; absent = every engine. */
    public static Set<String> engines(Context ctx) {
        List<String> values = ctx.queryParams("engine");
        if (values.isEmpty()) {
            return Set.of();
        }
        Set<String> engines = new LinkedHashSet<>(split(values));
        if (engines.isEmpty()) {
            throw new BadRequest(
                    "engine is empty; give one or more engine ids, comma-separated (or leave it out for all)");
        }
        for (String engine : engines) {
            if (!ENGINE_ID.matcher(engine).matches()) {
                throw new BadRequest(
                        "bad engine id '" + abbreviate(engine) + "': expected 1-64 characters of A-Z a-z 0-9 . _ -");
            }
        }
        if (engines.size() > MAX_ENGINES) {
            throw new BadRequest("too many engine ids: at most " + MAX_ENGINES);
        }
        return engines;
    }

    public static Subscription subscription(Context ctx) {
        return new Subscription(streams(ctx), engines(ctx));
    }

    /**
     * The resume token: the {@code Last-Event-ID} header (what a browser sends on reconnect) wins over
     * {@code ?lastEventId=} (what a page can put in its first URL).
     */
    public static Optional<ResumeToken> token(Context ctx, Set<StreamName> streams) {
        String raw = Optional.ofNullable(ctx.header("Last-Event-ID"))
                .filter(s -> !s.isBlank())
                .orElseGet(() -> ctx.queryParam("lastEventId"));
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        ResumeToken token;
        try {
            token = ResumeToken.decode(raw.strip());
        } catch (IllegalArgumentException e) {
            throw new BadRequest("malformed Last-Event-ID/lastEventId: " + e.getMessage()
                    + "; reconnect without it (or with since=) to start over");
        }
        for (StreamName stream : streams) {
            if (!token.offsets().containsKey(stream)) {
                throw new BadRequest("the resume token does not cover stream '" + stream.wireName()
                        + "'; resume with the streams it was issued for, or reconnect without it");
            }
        }
        return Optional.of(token);
    }

    /** {@code ?since=} as an ISO-8601 instant or offset date-time. */
    public static Optional<Instant> since(Context ctx) {
        String raw = ctx.queryParam("since");
        if (raw == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(raw.strip()));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(OffsetDateTime.parse(raw.strip()).toInstant());
            } catch (DateTimeParseException e2) {
                throw new BadRequest(
                        "bad since '" + abbreviate(raw) + "': expected an ISO-8601 time such as 2026-01-31T12:00:00Z");
            }
        }
    }

    private static List<String> split(List<String> values) {
        return values.stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static String abbreviate(String value) {
        String clean = value.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }
}

package dev.pulse.gateway.http;

import static dev.pulse.common.text.Abbreviation.abbreviate;

import dev.pulse.common.model.EngineId;
import dev.pulse.common.model.StreamName;
import dev.pulse.gateway.fanout.EngineScope;
import dev.pulse.gateway.fanout.Subscription;
import dev.pulse.gateway.resume.ResumeToken;
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
import java.util.stream.Collectors;

/**
 * Reads and validates the query of {@code /events} and {@code /api/v1/snapshot}; anything wrong is a 400 saying what.
 */
public final class RequestParams {
    /** Engine ids as the collector accepts them. */
    public static final int MAX_ENGINES = 100;

    /** The stream of threshold alerts: not a stream topic, so named on its own (and never part of the default). */
    public static final String ALERTS = "alerts";

    private static final String STREAM_NAMES =
            Arrays.stream(StreamName.values()).map(StreamName::wireName).collect(Collectors.joining(", ")) + ", "
                    + ALERTS;

    private RequestParams() {}

    /** {@code ?streams=a,b}; absent = all streams. */
    public static Set<StreamName> streams(Context ctx) {
        List<String> values = ctx.queryParams("streams");
        if (values.isEmpty()) {
            return EnumSet.allOf(StreamName.class);
        }
        Set<StreamName> streams = EnumSet.noneOf(StreamName.class);
        for (String name : split(values)) {
            if (name.equals(ALERTS)) {
                continue;
            }
            streams.add(StreamName.parse(name)
                    .orElseThrow(() -> new BadRequest(
                            "unknown stream '" + quoted(name) + "' in streams; expected some of: " + STREAM_NAMES)));
        }
        if (streams.isEmpty() && !alerts(ctx)) {
            throw new BadRequest(
                    "streams is empty; name at least one of: " + STREAM_NAMES + " (or leave it out for all)");
        }
        return streams;
    }

    /** Whether {@code ?streams=} names {@code alerts}; the default (no streams=) is the stream topics only. */
    public static boolean alerts(Context ctx) {
        return split(ctx.queryParams("streams")).contains(ALERTS);
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
            if (!EngineId.isValid(engine)) {
                throw new BadRequest(
                        "bad engine id '" + quoted(engine) + "': expected 1-64 characters of A-Z a-z 0-9 . _ -");
            }
        }
        if (engines.size() > MAX_ENGINES) {
            throw new BadRequest("too many engine ids: at most " + MAX_ENGINES);
        }
        return engines;
    }

    public static Subscription subscription(Context ctx) {
        return new Subscription(streams(ctx), engines(ctx), alerts(ctx), EngineScope.ALL);
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

    /** {@code ?since=} as an ISO-8601 instant or offset date-time, checked against and clamped to {@code window}. */
    public static Optional<Instant> since(Context ctx, ReplayWindow window) {
        return time(ctx, "since", window);
    }

    /**
     * A time parameter ({@code since}, {@code until}) as an ISO-8601 instant or offset date-time, checked against and
     * clamped to what the topics hold ({@link ReplayWindow}): for every endpoint that takes a time.
     */
    public static Optional<Instant> time(Context ctx, String parameter, ReplayWindow window) {
        String raw = ctx.queryParam(parameter);
        if (raw == null) {
            return Optional.empty();
        }
        Instant parsed;
        try {
            parsed = Instant.parse(raw.strip());
        } catch (DateTimeParseException e) {
            try {
                parsed = OffsetDateTime.parse(raw.strip()).toInstant();
            } catch (DateTimeParseException e2) {
                throw new BadRequest("bad " + parameter + " '" + quoted(raw)
                        + "': expected an ISO-8601 time such as 2026-01-31T12:00:00Z");
            }
        }
        return Optional.of(window.check(parameter, parsed));
    }

    private static List<String> split(List<String> values) {
        return values.stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** Printable ASCII only: the value is the client's, and it is quoted back and logged. */
    private static String quoted(String value) {
        return abbreviate(value.replaceAll("[^\\x20-\\x7e]", "?"), 40);
    }
}

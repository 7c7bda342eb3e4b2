package dev.pulse.gateway.http;

import dev.pulse.common.model.StreamName;
import dev.pulse.gateway.fanout.EngineScope;
import dev.pulse.gateway.fanout.Subscription;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the request's credentials grant: some streams, the engines matching some patterns, until a time. Without scoped
 * access (no auth, or the static token) everything, for ever. {@link AccessPolicy} puts it on each data request;
 * endpoints read it with {@link #of} and check what they serve against it:
 *
 * <pre>
 * AccessScope scope = AccessScope.of(ctx);
 * scope.requireStream(StreamName.MEMORY);          // 403 unless granted
 * Subscription granted = scope.restrict(ctx, asked); // 403 for what was asked beyond it; "all" narrowed to it
 * if (scope.allowsEngine(engineId)) { ... }        // per record
 * </pre>
 *
 * @param streams the streams granted
 * @param engines the engines granted
 * @param expiresAt when the grant ends (open streams are closed then); empty = never
 */
public record AccessScope(Set<StreamName> streams, EngineScope engines, Optional<Instant> expiresAt) {
    /** Everything, for ever. */
    public static final AccessScope ALL =
            new AccessScope(EnumSet.allOf(StreamName.class), EngineScope.ALL, Optional.empty());

    private static final String ATTRIBUTE = "pulse.accessScope";

    public AccessScope {
        streams = Set.copyOf(streams);
    }

    /** The scope {@link AccessPolicy} found for this request; {@link #ALL} on paths it does not guard. */
    public static AccessScope of(Context ctx) {
        AccessScope scope = ctx.attribute(ATTRIBUTE);
        return scope != null ? scope : ALL;
    }

    void attachTo(Context ctx) {
        ctx.attribute(ATTRIBUTE, this);
    }

    public boolean allowsStream(StreamName stream) {
        return streams.contains(stream);
    }

    public boolean allowsEngine(String engineId) {
        return engines.allows(engineId);
    }

    /** @throws ForbiddenResponse unless the stream is granted */
    public void requireStream(StreamName stream) {
        if (!allowsStream(stream)) {
            throw new ForbiddenResponse("the access token does not grant stream '" + stream.wireName() + "'");
        }
    }

    /**
     * The part of {@code asked} this scope grants. Streams or engines named in the request beyond the scope are a 403;
     * streams left out of the request ("all") are narrowed to those granted, and every subscription is filtered to the
     * granted engines.
     */
    public Subscription restrict(Context ctx, Subscription asked) {
        Set<StreamName> granted = EnumSet.noneOf(StreamName.class);
        boolean named = !ctx.queryParams("streams").isEmpty();
        for (StreamName stream : asked.streams()) {
            if (allowsStream(stream)) {
                granted.add(stream);
            } else if (named) {
                requireStream(stream);
            }
        }
        if (granted.isEmpty() && !asked.alerts()) {
            throw new ForbiddenResponse("the access token grants none of the streams asked for");
        }
        for (String engine : asked.engines()) {
            if (!allowsEngine(engine)) {
                throw new ForbiddenResponse("the access token does not grant engine '" + engine + "'");
            }
        }
        return new Subscription(granted, asked.engines(), asked.alerts(), engines);
    }
}

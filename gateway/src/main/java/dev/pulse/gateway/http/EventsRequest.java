package dev.pulse.gateway.http;

import dev.pulse.gateway.fanout.Subscription;
import dev.pulse.gateway.resume.ResumeToken;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Optional;

/**
 * A validated {@code GET /events}: what to send, and from where. A token wins over {@code since} (a browser
 * reconnecting a {@code ?since=} URL sends its last id, which is further along).
 *
 * @param subscription streams and engines
 * @param token resume exactly after this token's position
 * @param since else replay from this time
 */
public record EventsRequest(Subscription subscription, Optional<ResumeToken> token, Optional<Instant> since) {
    /** @throws dev.pulse.ops.BadRequest for anything malformed */
    public static EventsRequest from(Context ctx, ReplayWindow window) {
        Subscription subscription = AccessScope.of(ctx).restrict(ctx, RequestParams.subscription(ctx));
        Optional<ResumeToken> token = RequestParams.token(ctx, subscription.streams());
        Optional<Instant> since = RequestParams.since(ctx, window);
        return new EventsRequest(subscription, token, token.isPresent() ? Optional.empty() : since);
    }

    /** True when the client continues from a point in the past rather than from the snapshot. */
    public boolean resumes() {
        return token.isPresent() || since.isPresent();
    }
}

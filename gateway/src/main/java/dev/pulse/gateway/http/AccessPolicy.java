package dev.pulse.gateway.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.UnauthorizedResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may read the data endpoints ({@code /events}, {@code /api/*}): an optional bearer token (header, or
 * {@code ?access_token=} for EventSource, which cannot set headers), either the static shared token (everything) or a
 * JWT whose claims grant an {@link AccessScope}, put on the request for the endpoints to enforce; and a CORS allowlist.
 * Without an allowlist only the page's own origin may read them. Health, metrics and the static page stay open: they
 * carry no stream data.
 */
public final class AccessPolicy {
    private static final List<String> DATA_PATHS = List.of("/events", "/api/*");

    private final Optional<byte[]> token;
    private final Optional<JwtVerifier> jwt;
    private final List<String> origins;

    public AccessPolicy(Optional<String> token, Optional<JwtVerifier> jwt, List<String> origins) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.jwt = jwt;
        this.origins = origins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    }

    public void install(JavalinConfig config) {
        for (String path : DATA_PATHS) {
            config.routes.before(path, this::check);
        }
        config.routes.options("/events", this::preflight);
        config.routes.options("/api/*", this::preflight);
    }

    private void check(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(ctx, origin)) {
            if (!allowed(origin)) {
                throw new ForbiddenResponse(
                        "origin " + origin + " may not read this gateway; add it to GATEWAY_CORS_ORIGINS");
            }
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
        }
        if (ctx.method() != HandlerType.OPTIONS) {
            scope(ctx).attachTo(ctx);
        }
    }

    private AccessScope scope(Context ctx) {
        if (token.isEmpty() && jwt.isEmpty()) {
            return AccessScope.ALL;
        }
        String presented = presented(ctx);
        if (presented == null || presented.isEmpty()) {
            throw unauthorized(
                    ctx, "a token is required: send 'Authorization: Bearer <token>' or ?access_token=<token>");
        }
        if (matchesStaticToken(presented)) {
            return AccessScope.ALL;
        }
        if (jwt.isEmpty()) {
            throw unauthorized(ctx, "wrong token: send 'Authorization: Bearer <token>' or ?access_token=<token>");
        }
        try {
            return jwt.get().verify(presented);
        } catch (JwtVerifier.Refused e) {
            throw unauthorized(ctx, e.getMessage());
        }
    }

    private static UnauthorizedResponse unauthorized(Context ctx, String message) {
        ctx.header("WWW-Authenticate", "Bearer");
        return new UnauthorizedResponse(message);
    }

    private void preflight(Context ctx) {
        ctx.header("Access-Control-Allow-Methods", "GET, OPTIONS");
        ctx.header("Access-Control-Allow-Headers", "Authorization, Last-Event-ID, Cache-Control");
        ctx.header("Access-Control-Max-Age", "600");
        ctx.status(204);
    }

    private static String presented(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip()
                : ctx.queryParam("access_token");
    }

    private boolean matchesStaticToken(String presented) {
        // Constant-time comparison: the answer time must not reveal how much of a guess was right.
        return token.isPresent() && MessageDigest.isEqual(token.get(), presented.getBytes(StandardCharsets.UTF_8));
    }

    private boolean allowed(String origin) {
        String normalized = origin.toLowerCase(Locale.ROOT);
        return origins.contains("*") || origins.contains(normalized);
    }

    /** The page's own origin: the Origin's host and port are those the request was sent to. */
    private static boolean sameOrigin(Context ctx, String origin) {
        String host = ctx.header("Host");
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return false;
            }
            String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority.equalsIgnoreCase(host) || defaultPortMatches(uri, host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean defaultPortMatches(URI origin, String host) {
        int defaultPort = "https".equalsIgnoreCase(origin.getScheme()) ? 443 : 80;
        return origin.getPort() == -1 && host.equalsIgnoreCase(origin.getHost() + ":" + defaultPort);
    }
}

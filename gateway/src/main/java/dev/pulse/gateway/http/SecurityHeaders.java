package dev.pulse.gateway.http;

import io.javalin.config.JavalinConfig;

/**
 * Headers on every answer that tell browsers what the page may do. The page loads only its own scripts and styles
 * (uPlot from /webjars, set styles through the DOM, which the policy allows), opens only its own streams, and is never
 * framed; API answers are never content-sniffed into something executable, and no address (which may hold a token)
 * leaks through the Referer header.
 */
public final class SecurityHeaders {
    /** What the dashboard page needs and nothing more; {@code data:} for its empty favicon. */
    public static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");

    private SecurityHeaders() {}

    public static void install(JavalinConfig config) {
        config.routes.before(ctx -> {
            ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            ctx.header("X-Content-Type-Options", "nosniff");
            // For browsers that predate frame-ancestors.
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Referrer-Policy", "no-referrer");
        });
    }
}

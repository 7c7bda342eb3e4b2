package dev.pulse.ops;

import dev.pulse.common.config.ConfigException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names a service answers to in the {@code Host} header: the loopback names on any port (the dev stack, and a
 * published container port that differs from the listening one) plus the configured public origins. A DNS-rebinding
 * page reaches the service under its own host name; refusing that name (421) keeps such a page from reading anything,
 * even where no token is required. A request without a Host header comes from no browser and passes.
 */
public final class PublicOrigins {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private record Origin(String scheme, String host, int port) {}

    private final String variable;
    private final List<Origin> origins;

    /**
     * @param variable the setting's name, for errors and for the refusal's message
     * @param values origins such as {@code https://pulse.example.com} or {@code http://10.0.0.5:8080}
     * @throws ConfigException naming {@code variable} for a value that is not an origin
     */
    public PublicOrigins(String variable, List<String> values) {
        this.variable = variable;
        this.origins = values.stream().map(v -> parse(variable, v)).toList();
    }

    private static Origin parse(String variable, String value) {
        String expected = "comma-separated origins such as https://pulse.example.com or http://10.0.0.5:8080";
        if (!value.matches("https?://[^/\\s?#@]+")) {
            throw new ConfigException(variable, expected, value);
        }
        try {
            URI uri = URI.create(value);
            if (uri.getHost() == null) {
                throw new ConfigException(variable, expected, value);
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variable, expected, value);
        }
    }

    /** Refuses requests to other names on every path but those given (health checks reach a service by its IP). */
    public void install(JavalinConfig config, Set<String> openPaths) {
        config.routes.before(ctx -> {
            if (!openPaths.contains(ctx.path())) {
                check(ctx);
            }
        });
    }

    /** Refuses requests to other names on the paths matching {@code pathPattern} only (e.g. {@code /admin/*}). */
    public void guard(JavalinConfig config, String pathPattern) {
        config.routes.before(pathPattern, this::check);
    }

    private void check(Context ctx) {
        String host = ctx.header("Host");
        if (host != null && !answersTo(host)) {
            throw new HttpResponseException(
                    421,
                    "this service does not answer to host '" + abbreviate(host) + "'; use a name listed in " + variable
                            + " (or localhost)");
        }
    }

    /** True for a Host header naming a loopback host (any port) or one of the public origins. */
    public boolean answersTo(String hostHeader) {
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        String name;
        int port = -1;
        int colon = host.lastIndexOf(':');
        if (colon > 0 && colon > host.lastIndexOf(']')) {
            name = host.substring(0, colon);
            try {
                port = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return false;
            }
        } else {
            name = host;
        }
        if (LOOPBACK.contains(name)) {
            return true;
        }
        for (Origin origin : origins) {
            int expected = origin.port();
            if (origin.host().equals(name) && (port == expected || port == -1 && defaultPort(origin) == expected)) {
                return true;
            }
        }
        return false;
    }

    private static int defaultPort(Origin origin) {
        return origin.scheme().equals("https") ? 443 : 80;
    }

    private static String abbreviate(String value) {
        String clean = value.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
    }
}

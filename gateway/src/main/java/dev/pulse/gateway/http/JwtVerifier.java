package dev.pulse.gateway.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import dev.pulse.common.model.StreamName;
import dev.pulse.gateway.fanout.EngineScope;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies JWT bearer tokens (nimbus-jose-jwt): HS256 with a shared secret, or RS256/ES256 with the keys of a JWKS file
 * or URL. A token must be signed by such a key, carry {@code exp} (honoured with {@link #CLOCK_SKEW} of leeway), and
 * match the configured issuer and audience. Its claims {@code pulse:streams} and {@code pulse:engines} (arrays, or
 * comma-separated strings; {@code *} wildcards; absent = all) become its {@link AccessScope}.
 */
public final class JwtVerifier {
    /** Leeway for clocks that disagree, at acceptance and when an open stream's token runs out. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    public static final String STREAMS_CLAIM = "pulse:streams";
    public static final String ENGINES_CLAIM = "pulse:engines";
    /** HS256 needs a 256-bit key. */
    private static final int MIN_SECRET_BYTES = 32;

    /** Why a token was refused, in words for the client. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    private JwtVerifier(
            JWSVerificationKeySelector<SecurityContext> keys, Optional<String> issuer, Optional<String> audience) {
        processor.setJWSKeySelector(keys);
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        issuer.ifPresent(exact::issuer);
        DefaultJWTClaimsVerifier<SecurityContext> claims =
                new DefaultJWTClaimsVerifier<>(audience.orElse(null), exact.build(), Set.of("exp"));
        claims.setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * From {@code GATEWAY_JWT_SECRET} (or {@code GATEWAY_JWT_SECRET_FILE}) or {@code GATEWAY_JWT_JWKS} (a file or an
     * http(s) URL), with {@code GATEWAY_JWT_ISSUER} and {@code GATEWAY_JWT_AUDIENCE}; empty when none is set.
     */
    public static Optional<JwtVerifier> fromEnv(Env env) {
        Optional<String> issuer = env.raw("GATEWAY_JWT_ISSUER").filter(s -> !s.isBlank());
        Optional<String> audience = env.raw("GATEWAY_JWT_AUDIENCE").filter(s -> !s.isBlank());
        Optional<String> secret = env.raw("GATEWAY_JWT_SECRET").filter(s -> !s.isBlank());
        Optional<String> secretFile = env.raw("GATEWAY_JWT_SECRET_FILE").filter(s -> !s.isBlank());
        Optional<String> jwks = env.raw("GATEWAY_JWT_JWKS").filter(s -> !s.isBlank());
        if (secret.isPresent() && secretFile.isPresent()) {
            throw new ConfigException(
                    "GATEWAY_JWT_SECRET_FILE", "unset when GATEWAY_JWT_SECRET is set (one of them)", secretFile.get());
        }
        if (secretFile.isPresent()) {
            secret = Optional.of(
                    read("GATEWAY_JWT_SECRET_FILE", secretFile.get()).strip());
        }
        if (secret.isPresent() && jwks.isPresent()) {
            throw new ConfigException(
                    "GATEWAY_JWT_JWKS", "unset when an HS256 secret is set (one key source)", jwks.get());
        }
        if (secret.isPresent()) {
            byte[] bytes = secret.get().getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new ConfigException(
                        secretFile.isPresent() ? "GATEWAY_JWT_SECRET_FILE" : "GATEWAY_JWT_SECRET",
                        "a secret of at least " + MIN_SECRET_BYTES + " bytes (HS256)",
                        "(" + bytes.length + " bytes)");
            }
            return Optional.of(new JwtVerifier(
                    new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(bytes)),
                    issuer,
                    audience));
        }
        if (jwks.isPresent()) {
            return Optional.of(new JwtVerifier(
                    new JWSVerificationKeySelector<>(
                            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), jwkSource(jwks.get())),
                    issuer,
                    audience));
        }
        return Optional.empty();
    }

    private static JWKSource<SecurityContext> jwkSource(String location) {
        if (location.startsWith("https://") || location.startsWith("http://")) {
            try {
                // Cached, refreshed when a token names an unknown key id, retried once on a network error.
                return JWKSourceBuilder.create(URI.create(location).toURL())
                        .retrying(true)
                        .build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new ConfigException("GATEWAY_JWT_JWKS", "a JWKS file or an http(s) URL", location);
            }
        }
        try {
            return new ImmutableJWKSet<>(JWKSet.parse(read("GATEWAY_JWT_JWKS", location)));
        } catch (ParseException e) {
            throw new ConfigException("GATEWAY_JWT_JWKS", "a JWKS file (" + e.getMessage() + ")", location);
        }
    }

    private static String read(String variable, String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(variable, "a readable file", file);
        }
    }

    /** @throws Refused saying why (expired, bad signature, wrong issuer or audience, malformed claims) */
    public AccessScope verify(String token) throws Refused {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new Refused("the bearer token is not a JWT");
        } catch (BadJOSEException | JOSEException e) {
            throw new Refused("the bearer token was refused: " + e.getMessage());
        }
        try {
            return new AccessScope(
                    streams(values(claims, STREAMS_CLAIM)),
                    values(claims, ENGINES_CLAIM).map(EngineScope::of).orElse(EngineScope.ALL),
                    Optional.of(claims.getExpirationTime().toInstant().plus(CLOCK_SKEW)));
        } catch (IllegalArgumentException e) {
            throw new Refused("the bearer token's claims are malformed: " + e.getMessage());
        }
    }

    private static Set<StreamName> streams(Optional<List<String>> names) {
        if (names.isEmpty() || names.get().contains("*")) {
            return EnumSet.allOf(StreamName.class);
        }
        Set<StreamName> streams = EnumSet.noneOf(StreamName.class);
        for (String name : names.get()) {
            streams.add(StreamName.parse(name)
                    .orElseThrow(() -> new IllegalArgumentException(STREAMS_CLAIM + " names unknown stream " + name)));
        }
        if (streams.isEmpty()) {
            throw new IllegalArgumentException(STREAMS_CLAIM + " is empty");
        }
        return streams;
    }

    private static Optional<List<String>> values(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            return Optional.of(Arrays.stream(text.split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList());
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return Optional.of(List.copyOf(
                    new HashSet<>(list.stream().map(String.class::cast).toList())));
        }
        throw new IllegalArgumentException(name + " must be an array of strings or a comma-separated string");
    }
}

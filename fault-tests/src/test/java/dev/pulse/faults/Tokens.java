package dev.pulse.faults;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** HS256 JWTs as an identity provider would mint them for the gateway (claims as in docs/gateway.md, "Access"). */
final class Tokens {
    private final String secret;

    Tokens(String secret) {
        this.secret = secret;
    }

    /** A token valid until {@code expires}, for these streams and engine patterns (null: the claim left out). */
    String mint(Instant expires, List<String> streams, List<String> engines) {
        JWTClaimsSet.Builder claims =
                new JWTClaimsSet.Builder().subject("fault-suite").expirationTime(Date.from(expires));
        if (streams != null) {
            claims.claim("pulse:streams", streams);
        }
        if (engines != null) {
            claims.claim("pulse:engines", engines);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** Everything, for ten minutes. */
    String all() {
        return mint(Instant.now().plusSeconds(600), null, null);
    }
}

package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import dev.pulse.gateway.http.JwtVerifier;
import dev.pulse.gateway.tcp.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JWT and TLS key sources refuse, at start-up and naming the variable, every combination or file that would leave
 * the gateway with a key other than the one the operator meant.
 */
class KeySourceSettingsTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecretGivenBothInlineAndAsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), SECRET);

        assertRefused(
                () -> JwtVerifier.fromEnv(
                        env("GATEWAY_JWT_SECRET", SECRET, "GATEWAY_JWT_SECRET_FILE", file.toString())),
                "GATEWAY_JWT_SECRET_FILE");
    }

    @Test
    void shouldRefuseAnHs256SecretBesideAJwks() {
        assertRefused(
                () -> JwtVerifier.fromEnv(env("GATEWAY_JWT_SECRET", SECRET, "GATEWAY_JWT_JWKS", "/some/jwks.json")),
                "GATEWAY_JWT_JWKS");
    }

    @Test
    void shouldRefuseAShortSecretReadFromAFileNamingTheFileVariable() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "short\n");

        assertRefused(
                () -> JwtVerifier.fromEnv(env("GATEWAY_JWT_SECRET_FILE", file.toString())), "GATEWAY_JWT_SECRET_FILE");
    }

    @Test
    void shouldAcceptASecretFileOfEnoughBytes() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), SECRET + "\n");

        assertThat(JwtVerifier.fromEnv(env("GATEWAY_JWT_SECRET_FILE", file.toString())))
                .isPresent();
    }

    @Test
    void shouldRefuseAJwksFileThatIsNotAJwks() throws Exception {
        Path file = Files.writeString(dir.resolve("jwks.json"), "{\"keys\": 42}");

        assertRefused(() -> JwtVerifier.fromEnv(env("GATEWAY_JWT_JWKS", file.toString())), "GATEWAY_JWT_JWKS");
    }

    @Test
    void shouldRefuseAJwksLocationThatIsNeitherAFileNorAUrl() {
        assertRefused(() -> JwtVerifier.fromEnv(env("GATEWAY_JWT_JWKS", "http://exa mple/jwks")), "GATEWAY_JWT_JWKS");
    }

    @Test
    void shouldRefuseAKeystoreBesidePemFiles() {
        assertRefused(
                () -> TlsSettings.fromEnv(env("GATEWAY_TLS_KEYSTORE", "/k.p12", "GATEWAY_TLS_CERT", "/c.pem")),
                "GATEWAY_TLS_CERT");
    }

    @Test
    void shouldRefuseAKeyWithoutItsCertificate() {
        assertRefused(() -> TlsSettings.fromEnv(env("GATEWAY_TLS_KEY", "/k.pem")), "GATEWAY_TLS_CERT");
    }

    @Test
    void shouldRefuseAPemFileWithoutACertificate() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "");
        Path key = Files.writeString(dir.resolve("key.pem"), "");

        assertRefused(
                () -> TlsSettings.fromEnv(env("GATEWAY_TLS_CERT", cert.toString(), "GATEWAY_TLS_KEY", key.toString())),
                "GATEWAY_TLS_CERT");
    }

    @Test
    void shouldRefuseAKeystoreThatCannotBeOpened() throws Exception {
        Path store = Files.writeString(dir.resolve("store.p12"), "not a keystore");

        assertRefused(() -> TlsSettings.fromEnv(env("GATEWAY_TLS_KEYSTORE", store.toString())), "GATEWAY_TLS_KEYSTORE");
    }

    private static Env env(String... pairs) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return new Env(values);
    }

    private static void assertRefused(ThrowingCallable start, String variable) {
        assertThatThrownBy(start).isInstanceOf(ConfigException.class).hasMessageStartingWith(variable);
    }
}

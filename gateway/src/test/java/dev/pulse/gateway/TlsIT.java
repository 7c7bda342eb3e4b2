package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.config.Env;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTPS with HTTP/2, checked by a real TLS client that trusts only a certificate made for this test by keytool. */
@ExtendWith(KafkaClusterExtension.class)
class TlsIT {
    private static final String PASSWORD = "test-pass";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pkcs12", "pem"})
    void shouldServeTheApiAndStreamsOverHttp2WithTls(String form, KafkaCluster cluster, @TempDir Path dir)
            throws Exception {
        // given: a certificate for localhost, and a client that trusts only it
        Path p12 = dir.resolve("gateway.p12");
        keytool(p12);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, PASSWORD.toCharArray());
        }
        HttpClient client = client(store.getCertificate("gateway"));

        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_PORT", "0");
        env.put("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
        if (form.equals("pkcs12")) {
            env.put("GATEWAY_TLS_KEYSTORE", p12.toString());
            env.put("GATEWAY_TLS_KEYSTORE_PASSWORD", PASSWORD);
        } else {
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            Files.writeString(
                    cert, pem("CERTIFICATE", store.getCertificate("gateway").getEncoded()));
            Files.writeString(
                    key,
                    pem(
                            "PRIVATE KEY",
                            store.getKey("gateway", PASSWORD.toCharArray()).getEncoded()));
            env.put("GATEWAY_TLS_CERT", cert.toString());
            env.put("GATEWAY_TLS_KEY", key.toString());
        }

        // when
        try (GatewayService gateway = GatewayService.start(GatewayConfig.fromEnv(new Env(env)))) {
            URI base = URI.create("https://localhost:" + gateway.port());

            // then: the API answers over HTTP/2
            HttpResponse<String> ready = Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> client.send(get(base.resolve("/ready")), HttpResponse.BodyHandlers.ofString()),
                            r -> r.statusCode() == 200);
            assertThat(ready.version()).isEqualTo(HttpClient.Version.HTTP_2);
            HttpResponse<String> snapshot =
                    client.send(get(base.resolve("/api/v1/snapshot")), HttpResponse.BodyHandlers.ofString());
            assertThat(snapshot.statusCode()).isEqualTo(200);
            assertThat(snapshot.body()).contains("\"token\"");

            // and a stream starts over HTTP/2 too
            HttpResponse<InputStream> stream = client.sendAsync(
                            get(base.resolve("/events")), HttpResponse.BodyHandlers.ofInputStream())
                    .get(10, TimeUnit.SECONDS);
            assertThat(stream.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(stream.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                assertThat(lines.readLine()).startsWith("retry:");
            }
        }
    }

    @Test
    void shouldCloseTheOldestConnectionThatNeverStartedItsHandshakeAtTheLimitAndKeepServingHttp2(
            KafkaCluster cluster, @TempDir Path dir) throws Exception {
        Path p12 = dir.resolve("gateway.p12");
        keytool(p12);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, PASSWORD.toCharArray());
        }
        Map<String, String> env = Map.of(
                "GATEWAY_PORT",
                "0",
                "KAFKA_BOOTSTRAP_SERVERS",
                cluster.bootstrapServers(),
                "GATEWAY_TLS_KEYSTORE",
                p12.toString(),
                "GATEWAY_TLS_KEYSTORE_PASSWORD",
                PASSWORD,
                "GATEWAY_MAX_CONNECTIONS",
                "3");
        List<Socket> silent = new ArrayList<>();
        try (GatewayService gateway = GatewayService.start(GatewayConfig.fromEnv(new Env(env)));
                HttpClient first = client(store.getCertificate("gateway"));
                HttpClient second = client(store.getCertificate("gateway"))) {
            URI base = URI.create("https://localhost:" + gateway.port());
            // given: a client on HTTP/2, and connections that never send a TLS ClientHello, up to the limit
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> first.send(get(base.resolve("/ready")), HttpResponse.BodyHandlers.ofString()),
                            r -> r.statusCode() == 200);
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 2_000);
                silent.add(socket);
            }

            // when: a new client comes
            HttpResponse<String> health =
                    second.send(get(base.resolve("/health")), HttpResponse.BodyHandlers.ofString());

            // then: it is served, and a silent connection was closed for each connection past the limit (the third
            // silent one and the new client's; no head timeout covers a handshake never begun). Which ones were the
            // oldest is the gateway's order of seeing them, and Jetty's selector threads report them concurrently.
            assertThat(health.statusCode()).isEqualTo(200);
            int closed = 0;
            for (Socket socket : silent) {
                socket.setSoTimeout(closed == 2 ? 1 : 5_000);
                try {
                    closed += socket.getInputStream().read() == -1 ? 1 : 0;
                } catch (SocketTimeoutException stillOpen) {
                    // the one silent connection left under the limit
                }
            }
            assertThat(closed).isEqualTo(2);
            assertThat(first.send(get(base.resolve("/health")), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    }

    private static HttpClient client(Certificate trusted) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("test-ca", trusted);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(context)
                .version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static void keytool(Path p12) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "gateway",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        p12.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

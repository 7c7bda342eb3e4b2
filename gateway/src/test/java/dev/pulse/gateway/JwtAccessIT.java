package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pulse.common.json.Json;
import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.Alert;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import dev.pulse.testing.KafkaTestClient;
import dev.pulse.testing.TestAlerts;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaClusterExtension.class)
class JwtAccessIT {
    private static final String SECRET = "a-test-secret-of-at-least-thirty-two-bytes";
    private static final Map<String, String> HS256 =
            Map.of("GATEWAY_JWT_SECRET", SECRET, "GATEWAY_JWT_ISSUER", "pulse-auth", "GATEWAY_JWT_AUDIENCE", "pulse");
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void shouldGrantOnlyTheStreamsAndEnginesTheTokenNames(KafkaCluster cluster) throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start(cluster, HS256);
                TestEvents kafka = new TestEvents(cluster)) {
            // given: a token for the memory stream of engines "team-a-*"
            String mine = TestEvents.engine("team-a");
            String theirs = TestEvents.engine("team-b");
            String token = hs256(claims().claim("pulse:streams", List.of("memory"))
                    .claim("pulse:engines", List.of("team-a-*"))
                    .build());
            kafka.send(StreamName.MEMORY, mine, 1);
            kafka.send(StreamName.MEMORY, theirs, 1);
            kafka.send(StreamName.GRAPH, mine, 1);

            // then: the snapshot holds only what it grants
            JsonNode snapshot = Awaitility.await()
                    .atMost(WAIT)
                    .until(
                            () -> Json.mapper()
                                    .readTree(get(gateway, "/api/v1/snapshot", token)
                                            .body()),
                            s -> s.get("engines").has(mine));
            assertThat(snapshot.get("engines").has(theirs)).isFalse();
            assertThat(snapshot.get("engines").get(mine).has("graph")).isFalse();

            // and a stream asked for without filters carries only its engines' memory events
            try (SseTestClient client =
                    SseTestClient.connect(gateway.uri("/events"), Map.of("Authorization", "Bearer " + token))) {
                assertThat(client.status()).isEqualTo(200);
                assertThat(ResumeIT.key(client.next(WAIT))).startsWith("memory/team-a-");
                kafka.send(StreamName.MEMORY, theirs, 2);
                kafka.send(StreamName.GRAPH, mine, 2);
                kafka.send(StreamName.MEMORY, mine, 3);
                SseTestClient.Event next = client.next(WAIT);
                while (!ResumeIT.key(next).equals("memory/" + mine + "/3")) {
                    assertThat(ResumeIT.key(next)).startsWith("memory/team-a-");
                    next = client.next(WAIT);
                }
            }

            // and what it does not grant, asked for by name, is a 403
            assertRefused(get(gateway, "/events?streams=graph", token), 403, "does not grant stream 'graph'");
            assertRefused(get(gateway, "/events?engine=" + theirs, token), 403, "does not grant engine '" + theirs);
            assertRefused(
                    get(gateway, "/api/v1/snapshot?streams=analytics", token),
                    403,
                    "does not grant stream 'analytics'");
        }
    }

    @Test
    void shouldScopeTheExportAndTheAlertsToTheTokensStreamsAndEngines(KafkaCluster cluster) throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start(cluster, HS256);
                TestEvents kafka = new TestEvents(cluster);
                KafkaProducer<String, byte[]> producer = new KafkaTestClient(cluster).producer()) {
            // given: events and an alert of two teams' engines, and a token for team a's memory stream
            String mine = TestEvents.engine("team-a");
            String theirs = TestEvents.engine("team-b");
            String since = Instant.now().minusSeconds(60).toString();
            for (String engine : List.of(mine, theirs)) {
                kafka.send(StreamName.MEMORY, engine, 1);
                kafka.send(StreamName.GRAPH, engine, 1);
                producer.send(new ProducerRecord<>(
                                PipelineTopics.PUBLIC.alerts().name(),
                                engine,
                                JsonSerde.of(Alert.class)
                                        .serialize(
                                                PipelineTopics.PUBLIC.alerts().name(),
                                                TestAlerts.cpuBreach(engine, Instant.now()))))
                        .get();
            }
            String token = hs256(claims().claim("pulse:streams", List.of("memory"))
                    .claim("pulse:engines", List.of("team-a-*"))
                    .build());
            Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> get(gateway, "/api/v1/alerts", hs256(claims().build()))
                            .body()
                            .contains(theirs));

            // then: an export without filters holds only the memory events of its engines
            Answer export = get(gateway, "/api/v1/export?format=ndjson&since=" + since, token);
            assertThat(export.statusCode()).isEqualTo(200);
            List<JsonNode> rows = export.body()
                    .lines()
                    .map(line -> {
                        try {
                            return Json.mapper().readTree(line);
                        } catch (Exception e) {
                            throw new IllegalStateException(line, e);
                        }
                    })
                    .toList();
            assertThat(rows).isNotEmpty();
            assertThat(rows).allSatisfy(row -> {
                assertThat(row.get("stream").asText()).isEqualTo("memory");
                assertThat(row.get("engine_id").asText()).startsWith("team-a-");
            });
            // and the alerts only its engines'
            JsonNode alerts =
                    Json.mapper().readTree(get(gateway, "/api/v1/alerts", token).body());
            assertThat(alerts.get("alerts")
                            .valueStream()
                            .map(a -> a.get("engine_id").asText()))
                    .containsExactly(mine);

            // and what it does not grant, asked for by name, is a 403
            assertRefused(
                    get(gateway, "/api/v1/export?streams=graph&since=" + since, token),
                    403,
                    "does not grant stream 'graph'");
            assertRefused(
                    get(gateway, "/api/v1/export?engine=" + theirs + "&since=" + since, token),
                    403,
                    "does not grant engine '" + theirs);
            assertRefused(get(gateway, "/api/v1/alerts?engine=" + theirs, token), 403, "does not grant engine");
        }
    }

    @Test
    void shouldRefuseExpiredForgedAndMisaddressedTokens(KafkaCluster cluster) throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start(cluster, HS256)) {
            String expired =
                    hs256(claims().expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5))))
                            .build());
            String forged = sign(
                    new MACSigner("another-secret-that-is-also-32-bytes-long"), JWSAlgorithm.HS256, claims().build());
            String wrongAudience = hs256(claims().audience("someone-else").build());
            String wrongIssuer = hs256(claims().issuer("mallory").build());
            String noExpiry = hs256(claims().expirationTime(null).build());

            assertRefused(get(gateway, "/api/v1/snapshot", expired), 401, "Expired JWT");
            assertRefused(get(gateway, "/api/v1/snapshot", forged), 401, "Invalid signature");
            assertRefused(get(gateway, "/api/v1/snapshot", wrongAudience), 401, "aud claim rejected");
            assertRefused(get(gateway, "/api/v1/snapshot", wrongIssuer), 401, "iss claim");
            assertRefused(get(gateway, "/api/v1/snapshot", noExpiry), 401, "exp");
            assertRefused(get(gateway, "/api/v1/snapshot", "not-a-jwt"), 401, "not a JWT");
            assertRefused(get(gateway, "/api/v1/snapshot", null), 401, "a token is required");
            assertThat(get(gateway, "/api/v1/snapshot", hs256(claims().build())).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void shouldCloseAnOpenStreamWhenItsTokenExpiresSayingSo(KafkaCluster cluster) throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start(cluster, HS256)) {
            // given: a token that runs out in a second (plus the clock-skew leeway)
            String token = hs256(claims().expirationTime(Date.from(Instant.now().plusSeconds(1)))
                    .build());

            // when: a stream is open with it (EventSource style, in the query), for an engine nobody writes: the
            // shared topics' backlog (tens of thousands of events from the classes running beside this one) would
            // outrun a reader that takes one event at a time, and the gateway dropped it as too_slow (seen with four
            // classes at once)
            try (SseTestClient client =
                    SseTestClient.connect(gateway.uri("/events?engine=jwt-expiry-quiet&access_token=" + token))) {
                assertThat(client.status()).isEqualTo(200);

                // then: it ends with a notice that says why
                SseTestClient.Event notice = client.next(Duration.ofSeconds(20));
                while (!notice.event().equals("error")) {
                    notice = client.next(Duration.ofSeconds(20));
                }
                JsonNode data = Json.mapper().readTree(notice.data());
                assertThat(data.get("error").asText()).isEqualTo("access_expired");
                assertThat(data.get("message").asText()).contains("access token expired");
            }
        }
    }

    @Test
    void shouldVerifyRs256AndEs256TokensWithTheKeysOfAJwksFile(KafkaCluster cluster, @TempDir Path dir)
            throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString());

        try (GatewayHarness gateway = GatewayHarness.start(cluster, Map.of("GATEWAY_JWT_JWKS", jwks.toString()))) {
            String byRsa = sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, "rsa-1", claims().build());
            String byEc = sign(new ECDSASigner(ec), JWSAlgorithm.ES256, "ec-1", claims().build());
            String byStranger = sign(new RSASSASigner(stranger), JWSAlgorithm.RS256, "rsa-1", claims().build());
            String hmacOnKeyId = sign(new MACSigner(SECRET), JWSAlgorithm.HS256, "rsa-1", claims().build());

            assertThat(get(gateway, "/api/v1/snapshot", byRsa).statusCode()).isEqualTo(200);
            assertThat(get(gateway, "/api/v1/snapshot", byEc).statusCode()).isEqualTo(200);
            assertRefused(get(gateway, "/api/v1/snapshot", byStranger), 401, "Invalid signature");
            assertRefused(get(gateway, "/api/v1/snapshot", hmacOnKeyId), 401, "refused");
        }
    }

    @Test
    void shouldStillTakeTheStaticTokenAsTheSimpleMode(KafkaCluster cluster) throws Exception {
        Map<String, String> both = new HashMap<>(HS256);
        both.put("GATEWAY_AUTH_TOKEN", "static-token");
        try (GatewayHarness gateway = GatewayHarness.start(cluster, both)) {
            assertThat(get(gateway, "/events?streams=graph", "static-token").statusCode())
                    .isEqualTo(200);
            assertRefused(get(gateway, "/api/v1/snapshot", "static-tokeN"), 401, "not a JWT");
        }
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer("pulse-auth")
                .audience("pulse")
                .subject("dashboard-user")
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(10))));
    }

    private static String hs256(JWTClaimsSet claims) throws JOSEException {
        return sign(new MACSigner(SECRET), JWSAlgorithm.HS256, claims);
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, String keyId, JWTClaimsSet claims)
            throws JOSEException {
        SignedJWT jwt =
                new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private record Answer(int statusCode, String body) {}

    private static Answer get(GatewayHarness gateway, String path, String token) {
        Map<String, String> headers = token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
        // a plain GET of /events would return only when the stream ends: read the head, and the body if refused
        if (path.startsWith("/events")) {
            try (SseTestClient client = SseTestClient.connect(gateway.uri(path), headers)) {
                return new Answer(client.status(), client.status() == 200 ? "" : client.body());
            }
        }
        HttpResponse<String> response = SseTestClient.get(gateway.uri(path), headers);
        return new Answer(response.statusCode(), response.body());
    }

    private static void assertRefused(Answer response, int status, String message) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode error = Json.mapper().readTree(response.body());
        assertThat(error.get("status").asInt()).isEqualTo(status);
        assertThat(error.get("message").asText()).contains(message);
    }
}

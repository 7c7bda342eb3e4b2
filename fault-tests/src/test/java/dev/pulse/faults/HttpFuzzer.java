package dev.pulse.faults;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Hostile HTTP/1.1 requests as raw bytes: random, oversized and malformed methods, paths, query strings, headers,
 * tokens and bodies, aimed at a service's real endpoints. Raw bytes, because a well-behaved client library refuses to
 * send most of them. Never a valid fault injection (that 503 is by design).
 */
final class HttpFuzzer {
    private static final List<String> METHODS = List.of(
            "GET",
            "GET",
            "GET",
            "POST",
            "PUT",
            "DELETE",
            "PATCH",
            "OPTIONS",
            "HEAD",
            "TRACE",
            "CONNECT",
            "FOO",
            "get",
            "G\u0000ET",
            "GET /",
            "M".repeat(5000),
            "");
    private static final List<String> PARAMS =
            List.of("streams", "engine", "lastEventId", "since", "until", "format", "access_token", "mode", "id", "x");
    private static final List<String> HEADERS = List.of(
            "Last-Event-ID",
            "Authorization",
            "Accept",
            "Content-Type",
            "Origin",
            "Cache-Control",
            "X-Forwarded-For",
            "Cookie",
            "Range",
            "If-None-Match",
            "Expect",
            "Upgrade");
    private static final List<String> BAD_MODES =
            List.of("DOWN ", "Down", "crash", "", "down; rm -rf", "\u0000", "slow\n", "null");

    private final Random random;
    private final List<String> paths;
    private final String token;

    /** @param token the service's valid bearer token, sent with some requests so they get past auth; null if none */
    HttpFuzzer(long seed, List<String> paths, String token) {
        this.random = new Random(seed);
        this.paths = List.copyOf(paths);
        this.token = token;
    }

    byte[] next() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String method = pick(METHODS);
        String target = path() + query();
        write(
                out,
                method + " " + target + " "
                        + pick(List.of("HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/9.9", "HTTX")) + "\r\n");
        if (random.nextInt(10) > 0) {
            write(
                    out,
                    "Host: " + pick(List.of("127.0.0.1", "localhost", "evil.example", "", "a".repeat(3000))) + "\r\n");
        }
        int headers = random.nextInt(6);
        for (int i = 0; i < headers; i++) {
            write(out, header());
        }
        if (token != null && random.nextBoolean()) {
            write(out, "Authorization: Bearer " + token + "\r\n");
        }
        if (random.nextInt(20) == 0) {
            write(out, ("X-Flood-" + random.nextInt(1000) + ": " + "y".repeat(200) + "\r\n").repeat(150));
        }
        byte[] body = body();
        boolean chunked = random.nextInt(10) == 0;
        if (chunked) {
            write(out, "Transfer-Encoding: chunked\r\n");
        } else if (body.length > 0 || random.nextInt(10) == 0) {
            // Mostly honest, sometimes a lie (a shorter length leaves junk that looks like a next request).
            int length = random.nextInt(8) == 0
                    ? Math.max(0, body.length - 1 - random.nextInt(Math.max(1, body.length)))
                    : body.length;
            write(
                    out,
                    "Content-Length: "
                            + pick(List.of(
                                    Integer.toString(length),
                                    Integer.toString(length),
                                    "-1",
                                    "abc",
                                    "99999999999999999999"))
                            + "\r\n");
        }
        write(out, "Connection: close\r\n\r\n");
        if (chunked) {
            write(out, pick(List.of("5\r\nhello\r\n0\r\n\r\n", "zz\r\nbad\r\n", "FFFFFFFFFFFF\r\nx\r\n", "3\r\nab")));
        } else {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private String path() {
        String path = pick(paths);
        return switch (random.nextInt(12)) {
            case 0 -> path + "/" + junk(20);
            case 1 -> path + "/../../../../etc/passwd";
            case 2 -> path + "%00%zz%";
            case 3 -> path + "/" + "a".repeat(random.nextBoolean() ? 9_000 : 70_000);
            case 4 -> "/%C3%28" + path;
            case 5 -> path.replace("/", "//");
            case 6 -> path + ";jsessionid=" + junk(10);
            case 7 -> "/engines/" + junk(8) + "/api/v1/metrics/system";
            case 8 -> "/admin/engines/" + pick(List.of("..", "%2e%2e", "a b", "x".repeat(100), "engine-1")) + "/fault";
            case 9 -> "*";
            default -> path;
        };
    }

    private String query() {
        if (random.nextInt(3) == 0) {
            return "";
        }
        StringBuilder query = new StringBuilder("?");
        int params = 1 + random.nextInt(random.nextInt(10) == 0 ? 2000 : 5);
        for (int i = 0; i < params; i++) {
            query.append(i == 0 ? "" : "&").append(pick(PARAMS)).append('=').append(value());
        }
        if (token != null && random.nextInt(4) == 0) {
            query.append("&access_token=").append(token);
        }
        return query.toString();
    }

    private String value() {
        return switch (random.nextInt(13)) {
            case 0 -> "";
            case 1 -> "%";
            case 2 -> "%zz%C3";
            case 3 -> "x".repeat(random.nextBoolean() ? 3_000 : 66_000);
            case 4 -> "v1." + junk(random.nextInt(200));
            case 5 -> "v1.AAAAAAAAAAAAAAAAAAAA";
            case 6 ->
                pick(List.of("analytics", "memory", "graph", "analytics,memory,graph", "analytics,,x", "ANALYTICS"));
            case 7 ->
                pick(List.of(
                        "2026-11-25T10:00:00Z",
                        "yesterday",
                        "-999999999-01-01T00:00:00Z",
                        "%2B999999999-12-31T23:59:59Z",
                        "1969-12-31T23:59:59Z",
                        "1970-01-01T00:00:00Z",
                        "2026-12-01T12:00:00%2B14:00",
                        "2026-12-01T12:00:00.123456789Z",
                        "9999-99-99",
                        "0"));
            case 11 -> pick(List.of("csv", "ndjson", "xlsx", "CSV", "", "ndjson%00"));
            case 8 -> "engine-1";
            case 9 -> "%0d%0aSet-Cookie:%20x=1";
            case 10 -> "<script>alert(1)</script>";
            default -> junk(1 + random.nextInt(40));
        };
    }

    private String header() {
        String name = random.nextInt(15) == 0 ? pick(List.of("Bad Header", "", "X\u0000Y", "Ümlaut")) : pick(HEADERS);
        String value = switch (random.nextInt(8)) {
            case 0 -> "Bearer " + junk(30);
            case 1 -> "v1." + junk(random.nextInt(400));
            case 2 -> "z".repeat(random.nextBoolean() ? 5_000 : 40_000);
            case 3 -> "text/event-stream";
            case 4 -> "value\r\nInjected: yes";
            case 5 -> "\u00ff\u00fe binary";
            default -> value();
        };
        return random.nextInt(30) == 0 ? name + value + "\r\n" : name + ": " + value + "\r\n";
    }

    private byte[] body() {
        return switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> new byte[0];
            case 4 -> {
                byte[] bytes = new byte[1 + random.nextInt(2_000)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 5 -> ("{\"mode\":\"" + pick(BAD_MODES) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 6 ->
                pick(List.of(
                                "{\"mode\":5}",
                                "{\"mode\":\"slow\",\"delay_ms\":-1}",
                                "{\"mode\":[\"down\"]}",
                                "[]",
                                "null",
                                "{",
                                "{\"mode\":\"flapping\",\"period_ms\":1e308}",
                                "{\"mode\":\"slow\",\"delay_ms\":\"2s\"}"))
                        .getBytes(StandardCharsets.UTF_8);
            case 7 -> "{\"a\":".repeat(5_000).getBytes(StandardCharsets.UTF_8);
            case 8 -> "x".repeat(random.nextBoolean() ? 100_000 : 1_500_000).getBytes(StandardCharsets.UTF_8);
            default -> junk(200).getBytes(StandardCharsets.UTF_8);
        };
    }

    private String junk(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x21 + random.nextInt(0x5e)));
        }
        return text.toString();
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}

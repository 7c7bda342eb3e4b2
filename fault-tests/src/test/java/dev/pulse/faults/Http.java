package dev.pulse.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain HTTP calls of the scenarios: health, admin faults, metrics. */
final class Http {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {}

    record Answer(int status, String body) {}

    static Answer send(String method, URI uri, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method,
                jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Answer get(URI uri) {
        return send("GET", uri, null);
    }

    static boolean healthy(ServiceNode node) {
        return node.isAlive() && get(node.uri("/health")).status() == 200;
    }

    /** Injects a simulator fault into an engine ({@code {"mode":"down"}} ...). */
    static void fault(ServiceNode simulator, String engineId, String json) {
        Answer answer = send("PUT", simulator.uri("/admin/engines/" + engineId + "/fault"), json);
        if (answer.status() != 200) {
            throw new IllegalStateException("simulator refused fault " + json + ": " + answer);
        }
    }

    static void clearFault(ServiceNode simulator, String engineId) {
        send("DELETE", simulator.uri("/admin/engines/" + engineId + "/fault"), null);
    }

    /**
     * The sum of a Prometheus metric's samples whose labels contain every given {@code label="value"} fragment (none:
     * all samples); NaN when the service does not report it.
     */
    static double metric(ServiceNode node, String name, String... labels) {
        Answer answer = get(node.uri("/metrics"));
        if (answer.status() != 200) {
            return Double.NaN;
        }
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(answer.body());
        double sum = 0;
        boolean found = false;
        while (matcher.find()) {
            String tags = matcher.group(1) == null ? "" : matcher.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= tags.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(matcher.group(2));
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    /** Heap in use by a service, in MiB, from its own metrics. */
    static double heapMib(ServiceNode node) {
        return metric(node, "jvm_memory_used_bytes", "area=\"heap\"") / (1024 * 1024);
    }

    /** Resident set size of a process in MiB, from /proc (Linux), or NaN. */
    static double rssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return Double.NaN;
    }
}

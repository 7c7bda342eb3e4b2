package dev.pulse.bench.throughput;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a Kafka Streams app's stream thread spent its time, from Kafka Streams' own metrics (KIP-444: the share of
 * wall-clock time in process, commit, poll and punctuate over the metrics window, and the mean commit latency), read
 * from the app's Prometheus {@code /metrics} the moment it has caught up. Missing values are NaN.
 */
public record StreamThreadTime(
        double processRatio, double commitRatio, double pollRatio, double punctuateRatio, double commitLatencyMs) {

    private static final Pattern LINE = Pattern.compile(
            "^kafka_stream_thread_(process_ratio|commit_ratio|poll_ratio|punctuate_ratio|commit_latency_avg)"
                    + "(\\{[^}]*})? (\\S+)$");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public static final StreamThreadTime UNKNOWN =
            new StreamThreadTime(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Busy stream-thread time per reading, in µs, at {@code readingsPerSecond} (process + commit + punctuate). */
    public double busyMicrosPerReading(double readingsPerSecond) {
        return (processRatio + commitRatio + punctuateRatio) / readingsPerSecond * 1e6;
    }

    /** Parses the Prometheus text format (one stream thread, or the mean over several). */
    public static StreamThreadTime parse(String prometheus) {
        Map<String, double[]> sums = new HashMap<>();
        for (String line : prometheus.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches()) {
                double[] sum = sums.computeIfAbsent(m.group(1), k -> new double[2]);
                sum[0] += Double.parseDouble(m.group(3));
                sum[1]++;
            }
        }
        return new StreamThreadTime(
                mean(sums, "process_ratio"),
                mean(sums, "commit_ratio"),
                mean(sums, "poll_ratio"),
                mean(sums, "punctuate_ratio"),
                mean(sums, "commit_latency_avg"));
    }

    /** Reads {@code metricsUrl}; UNKNOWN when it does not answer (the figure is then n/a, the run goes on). */
    public static StreamThreadTime scrape(String metricsUrl) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(metricsUrl))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? parse(response.body()) : UNKNOWN;
        } catch (IOException e) {
            return UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        }
    }

    private static double mean(Map<String, double[]> sums, String name) {
        double[] sum = sums.get(name);
        return sum == null || sum[1] == 0 ? Double.NaN : sum[0] / sum[1];
    }
}

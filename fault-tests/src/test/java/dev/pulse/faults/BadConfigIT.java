package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.kafka.EmbeddedKafkaBroker;
import dev.pulse.process.Service;
import dev.pulse.process.ServiceProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Scenario 10: every setting of every service given an invalid value. Each start is the packaged jar as users run it;
 * it must end at once with exit code 2 and one line that names the variable and the form it expects, having created no
 * topic and bound no port.
 */
@Isolated("it starts a service JVM for every bad setting, one after the other, each using a whole core")
class BadConfigIT {
    private static final long EXIT_WITHIN_MS = 30_000;
    private static EmbeddedKafkaBroker broker;
    private static Path scratch;

    /** One invalid setting. */
    record Case(Service service, String variable, String value) {}

    @BeforeAll
    static void startAnEmptyBroker() throws IOException {
        broker = EmbeddedKafkaBroker.onFreePort().start();
        scratch = Files.createTempDirectory("pulse-faults-config-");
    }

    @AfterAll
    static void stopTheBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    static List<Case> cases() throws IOException {
        Path aFile = Files.writeString(scratch.resolve("not-a-dir"), "x");
        List<Case> cases = new ArrayList<>();
        for (Service service : Service.values()) {
            cases.add(new Case(service, service.portVariable(), "70000"));
            cases.add(new Case(service, service.portVariable(), "http"));
            if (service != Service.SIMULATOR) { // the simulator does not talk to Kafka
                cases.add(new Case(service, "KAFKA_BOOTSTRAP_SERVERS", "no port here"));
                cases.add(new Case(service, "TOPIC_PARTITIONS", "0"));
                cases.add(new Case(service, "TOPIC_REPLICATION_FACTOR", "three"));
            }
        }
        cases.add(new Case(Service.SIMULATOR, "SIMULATOR_SEED", "forty-two"));
        cases.add(new Case(Service.SIMULATOR, "SIMULATOR_ENGINE_ID", "bad id/with slash"));

        for (String urls : List.of(
                "engine-1", "engine-1=ftp://x", "engine-1=http://a:1,engine-1=http://b:2", "bad id=http://a:1", ",")) {
            cases.add(new Case(Service.COLLECTOR, "ENGINE_URLS", urls));
        }
        cases.add(new Case(Service.COLLECTOR, "COLLECTOR_INTERVAL", "fast"));
        cases.add(new Case(Service.COLLECTOR, "COLLECTOR_INTERVAL", "10ms"));
        cases.add(new Case(Service.COLLECTOR, "COLLECTOR_MODE", "fake"));
        cases.add(new Case(Service.COLLECTOR, "COLLECTOR_SIMULATOR_SEED", "1.5"));
        cases.add(new Case(Service.COLLECTOR, "COLLECTOR_CONNECT_TIMEOUT", "-1s"));
        cases.add(new Case(Service.COLLECTOR, "COLLECTOR_REQUEST_TIMEOUT", "5s"));
        cases.add(new Case(Service.COLLECTOR, "COLLECTOR_RETRY_ATTEMPTS", "0"));
        cases.add(new Case(Service.COLLECTOR, "COLLECTOR_RETRY_BACKOFF", "soon"));
        cases.add(new Case(Service.COLLECTOR, "COLLECTOR_BREAKER_WINDOW", "1500ms"));
        cases.add(new Case(Service.COLLECTOR, "COLLECTOR_BREAKER_MIN_CALLS", "-3"));
        cases.add(new Case(Service.COLLECTOR, "COLLECTOR_BREAKER_FAILURE_RATE", "150"));
        cases.add(new Case(Service.COLLECTOR, "COLLECTOR_BREAKER_OPEN_WAIT", "1ms"));
        cases.add(new Case(Service.COLLECTOR, "COLLECTOR_MAX_BODY_BYTES", "1"));
        cases.add(new Case(Service.COLLECTOR, "COLLECTOR_BUFFER_CAPACITY", "lots"));
        cases.add(new Case(Service.COLLECTOR, "COLLECTOR_SHUTDOWN_TIMEOUT", "1d"));
        cases.add(new Case(Service.COLLECTOR, "COLLECTOR_CREATE_TOPICS", "maybe"));

        cases.add(new Case(Service.PROCESSOR, "PROCESSOR_APPLICATION_ID", "has spaces"));
        cases.add(new Case(Service.PROCESSOR, "PROCESSOR_STATE_DIR", aFile.toString()));
        cases.add(new Case(Service.PROCESSOR, "PROCESSOR_COMMIT_INTERVAL", "0ms"));
        cases.add(new Case(Service.PROCESSOR, "PROCESSOR_GUARANTEE", "at_most_once"));
        cases.add(new Case(Service.PROCESSOR, "PROCESSOR_STANDBY_REPLICAS", "-1"));
        cases.add(new Case(Service.PROCESSOR, "WINDOW_SIZE", "PT-5S"));
        cases.add(new Case(Service.PROCESSOR, "WINDOW_GRACE", "later"));
        cases.add(new Case(Service.PROCESSOR, "STALE_AFTER", "1ms"));
        cases.add(new Case(Service.PROCESSOR, "FALLBACK_INTERVAL", "10 s"));
        cases.add(new Case(Service.PROCESSOR, "PUNCTUATE_INTERVAL", "5s"));

        cases.add(new Case(Service.GATEWAY, "GATEWAY_CORS_ORIGINS", "not an origin"));
        cases.add(new Case(Service.GATEWAY, "GATEWAY_HEARTBEAT", "1h"));
        cases.add(new Case(Service.GATEWAY, "GATEWAY_RETRY", "never"));
        cases.add(new Case(Service.GATEWAY, "GATEWAY_IDLE_TIMEOUT", "0s"));
        cases.add(new Case(Service.GATEWAY, "GATEWAY_MAX_CLIENTS", "0"));
        cases.add(new Case(Service.GATEWAY, "GATEWAY_MAX_CLIENTS_PER_IP", "20000"));
        cases.add(new Case(Service.GATEWAY, "GATEWAY_CLIENT_BUFFER", "big"));
        cases.add(new Case(Service.GATEWAY, "GATEWAY_MAX_CATCHUPS", "0"));
        cases.add(new Case(Service.GATEWAY, "GATEWAY_PARTITION_CHECK_INTERVAL", "never"));

        // Pass-through Kafka client settings are settings too: a typo must not start a half-working service.
        for (Service service : List.of(Service.COLLECTOR, Service.PROCESSOR, Service.GATEWAY)) {
            cases.add(new Case(service, "KAFKA_SECURITY_PROTOCOL", "PLAINTEXTT"));
        }
        return cases;
    }

    /** What one start did. */
    record Outcome(Case given, int exitCode, List<String> lines, long tookMs, boolean portBound) {}

    @Test
    void shouldRefuseEveryInvalidSettingWithOneLineNamingItAndANonZeroExitAndNothingStarted() throws Exception {
        List<Case> cases = cases();
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        long began = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Case given : cases) {
                futures.add(pool.submit(() -> launch(given)));
            }
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long tookMs = (System.nanoTime() - began) / 1_000_000;

        List<String> failures = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            Case given = outcome.given();
            String prefix = given.service().displayName() + " " + given.variable() + "=" + given.value() + ": ";
            List<String> printed =
                    outcome.lines().stream().filter(l -> !l.isBlank()).toList();
            if (outcome.exitCode() == 0 || outcome.exitCode() == Integer.MIN_VALUE) {
                failures.add(prefix + "exit code "
                        + (outcome.exitCode() == Integer.MIN_VALUE ? "none (still running)" : "0"));
            } else if (printed.size() != 1
                    || !printed.getFirst().contains(given.variable())
                    || !printed.getFirst().contains("expected")) {
                failures.add(prefix + "exit " + outcome.exitCode() + ", " + printed.size() + " lines, first: "
                        + (printed.isEmpty() ? "(none)" : printed.getFirst()));
            }
            if (outcome.portBound()) {
                failures.add(prefix + "it kept running and serving HTTP");
            }
        }
        Set<String> topics;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
        long slowest = outcomes.stream().mapToLong(Outcome::tookMs).max().orElse(0);

        Figures.of("bad-config")
                .put("cases", cases.size())
                .put("refusedCleanly", cases.size() - failures.size())
                .put(
                        "exitCodes",
                        outcomes.stream()
                                .map(o -> Integer.toString(o.exitCode()))
                                .distinct()
                                .sorted()
                                .toList())
                .put("slowestExitMs", slowest)
                .put("topicsCreated", topics.size())
                .put("tookMs", tookMs)
                .report();
        failures.forEach(f -> System.out.println("FAULT bad-config FAILED " + f));
        outcomes.stream()
                .filter(o -> failures.stream()
                        .anyMatch(f -> f.startsWith(o.given().service().displayName() + " "
                                + o.given().variable() + "=")))
                .forEach(o -> System.out.println("---- output of " + o.given() + ":\n"
                        + String.join(
                                "\n",
                                o.lines().subList(0, Math.min(12, o.lines().size())))));
        assertThat(failures).as("settings not refused cleanly").isEmpty();
        assertThat(topics)
                .as("topics created by services that must not have started")
                .isEmpty();
    }

    private static Outcome launch(Case given) throws IOException, InterruptedException {
        int port = EmbeddedKafkaBroker.freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ServiceProcess.DEFAULT_JVM_FLAGS);
        // Only start-up runs: C1 alone gets there sooner and leaves the cores to the other starts.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(given.service().classpath(FaultStack.projectHome()));
        command.add(given.service().mainClass());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(k -> k.startsWith("KAFKA_")
                        || k.startsWith("COLLECTOR_")
                        || k.startsWith("GATEWAY_")
                        || k.startsWith("PROCESSOR_")
                        || k.startsWith("SIMULATOR_")
                        || k.equals("ENGINE_URLS"));
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put(given.service().portVariable(), Integer.toString(port));
        env.put("PROCESSOR_STATE_DIR", scratch.resolve("state-" + port).toString());
        env.put(given.variable(), given.value());
        long began = System.nanoTime();
        Process process = builder.start();
        // Read on its own thread while it runs, so a chatty process cannot block on a full pipe.
        CompletableFuture<byte[]> output = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                output.complete(process.getInputStream().readAllBytes());
            } catch (IOException e) {
                output.completeExceptionally(e);
            }
        });
        boolean exited = process.waitFor(EXIT_WITHIN_MS, TimeUnit.MILLISECONDS);
        long took = (System.nanoTime() - began) / 1_000_000;
        boolean bound = !exited && listens(port);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String text;
        try {
            text = new String(output.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        } catch (ExecutionException | TimeoutException e) {
            text = "(output unreadable: " + e + ")";
        }
        return new Outcome(
                given, exited ? process.exitValue() : Integer.MIN_VALUE, List.of(text.split("\\R")), took, bound);
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

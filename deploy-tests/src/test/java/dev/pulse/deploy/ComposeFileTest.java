package dev.pulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compose file checked without running it (ComposeStackIT runs it where there is a Docker engine): every service,
 * image, port and environment variable it names must match what the code really builds, listens on and reads, and its
 * defaults must be the secure ones.
 */
class ComposeFileTest {
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> APP_SERVICES =
            List.of("simulator", "collector", "processor", "gateway-1", "gateway-2");
    private static JsonNode compose;
    private static String sources;

    @BeforeAll
    static void readComposeFileAndSources() throws IOException {
        compose = new ObjectMapper(new YAMLFactory())
                .readTree(HOME.resolve("docker-compose.yml").toFile());
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(HOME)) {
            for (Path file : files.filter(
                            p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))
                    .toList()) {
                all.append(Files.readString(file));
            }
        }
        sources = all.toString();
    }

    @Test
    void shouldRunKafkaInKraftModeWithSingleNodeExactlyOnceSettings() {
        JsonNode kafka = compose.at("/services/kafka");
        assertThat(kafka.path("image").asText())
                .as("the public default is the Kafka version of the build")
                .isEqualTo("${KAFKA_IMAGE:-apache/kafka:" + ParentPom.kafkaVersion() + "}");
        JsonNode env = kafka.path("environment");
        assertThat(env.path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(env.path("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asInt())
                .isEqualTo(1);
        assertThat(env.path("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR").asInt()).isEqualTo(1);
        assertThat(env.path("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR").asInt()).isEqualTo(1);
        assertThat(kafka.path("volumes").toString()).contains("kafka-data:");
    }

    @Test
    void shouldAskKafkasHealthOverItsOwnProtocolWithoutStartingAJvm() {
        // A JVM per check (kafka-broker-api-versions.sh) took seconds of CPU every few seconds while the stack started.
        String check = compose.at("/services/kafka/healthcheck/test").toString();
        assertThat(check)
                .contains("/dev/tcp/127.0.0.1/9092", "\\\\x00\\\\x12")
                .doesNotContain("kafka-broker-api-versions");
    }

    @Test
    void shouldBuildEveryServiceFromAModuleWithThatMainClass() {
        for (String name : List.of("simulator", "collector", "processor", "gateway-1")) {
            JsonNode args = compose.at("/services/" + name + "/build/args");
            String module = args.path("MODULE").asText();
            String mainClass = args.path("MAIN_CLASS").asText();
            Path source = HOME.resolve(module).resolve("src/main/java").resolve(mainClass.replace('.', '/') + ".java");
            assertThat(source).as("main class of %s", name).exists();
            assertThat(compose.at("/services/" + name + "/build/dockerfile").asText())
                    .isEqualTo("Dockerfile");
        }
        assertThat(compose.at("/services/gateway-2/image").asText())
                .isEqualTo(compose.at("/services/gateway-1/image").asText());
    }

    @Test
    void shouldOnlySetEnvironmentVariablesTheCodeReads() {
        for (String name : APP_SERVICES) {
            environment(name).keySet().stream()
                    .filter(variable -> !variable.startsWith("KAFKA_") || variable.equals("KAFKA_BOOTSTRAP_SERVERS"))
                    .forEach(variable ->
                            assertThat(sources).as("%s sets %s", name, variable).contains("\"" + variable + "\""));
        }
    }

    @Test
    void shouldPublishAndHealthCheckThePortEachServiceListensOn() {
        for (String name : APP_SERVICES) {
            JsonNode service = compose.at("/services/" + name);
            String port = environment(name).entrySet().stream()
                    .filter(e -> e.getKey().endsWith("_PORT"))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElseThrow();
            assertThat(service.path("ports").get(0).asText())
                    .as("%s ports", name)
                    .endsWith(":" + port);
            assertThat(service.at("/healthcheck/test").toString())
                    .as("%s healthcheck", name)
                    .contains("/dev/tcp/127.0.0.1/" + port);
        }
    }

    @Test
    void shouldWaitForHealthyDependenciesThatExist() {
        List<String> problems = new ArrayList<>();
        compose.path("services")
                .properties()
                .forEach(service -> service.getValue()
                        .path("depends_on")
                        .properties()
                        .forEach(dep -> {
                            if (!compose.path("services").has(dep.getKey())) {
                                problems.add(service.getKey() + " depends on unknown " + dep.getKey());
                            }
                            if (!"service_healthy"
                                    .equals(dep.getValue().path("condition").asText())) {
                                problems.add(
                                        service.getKey() + " does not wait for " + dep.getKey() + " to be healthy");
                            }
                        }));
        assertThat(problems).isEmpty();
        assertThat(compose.at("/services/processor/volumes").toString()).contains("processor-state:");
    }

    @Test
    void shouldPublishOnLoopbackOnlyUnlessTheUserSetsAHost() {
        for (String name : APP_SERVICES) {
            compose.at("/services/" + name + "/ports")
                    .forEach(port -> assertThat(port.asText()).as(name).startsWith("${PULSE_HOST:-127.0.0.1}:"));
        }
        compose.at("/services/kafka/ports")
                .forEach(port -> assertThat(port.asText())
                        .as("Kafka's host listener has no authentication")
                        .startsWith("127.0.0.1:"));
    }

    @Test
    void shouldRestartLimitMemoryAndWaitForReadiness() {
        compose.path("services").properties().forEach(service -> {
            JsonNode s = service.getValue();
            assertThat(s.path("restart").asText()).as(service.getKey()).isEqualTo("unless-stopped");
            assertThat(s.path("mem_limit").asText()).as(service.getKey()).isNotEmpty();
        });
        for (String name : List.of("collector", "processor", "gateway-1", "gateway-2")) {
            assertThat(compose.at("/services/" + name + "/healthcheck/test").toString())
                    .as("%s is healthy when ready", name)
                    .contains("GET /ready ");
        }
    }

    @Test
    void shouldTakeTheTokenFromTheEnvironmentAndLeaveTheFaultApiOff() {
        for (String gateway : List.of("gateway-1", "gateway-2")) {
            assertThat(environment(gateway).get("GATEWAY_AUTH_TOKEN")).startsWith("${GATEWAY_AUTH_TOKEN:?");
        }
        assertThat(environment("simulator").get("SIMULATOR_ADMIN")).isEqualTo("${SIMULATOR_ADMIN:-false}");
        assertThat(HOME.resolve(".env.example")).content().contains("GATEWAY_AUTH_TOKEN=\n");
    }

    @Test
    void shouldPointTheCollectorAtTheSimulatorService() {
        String engines = environment("collector").get("ENGINE_URLS");
        assertThat(engines).contains("engine-1=http://simulator:8081");
    }

    @Test
    void shouldPassDockerComposesOwnValidationWhereItIsInstalled() throws Exception {
        Assumptions.assumeTrue(
                onPath("docker-compose"),
                "docker-compose is not installed (apt-get install docker-compose): skipping its check");

        ProcessBuilder builder = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config", "-q")
                .directory(HOME.toFile())
                .redirectErrorStream(true);
        builder.environment().put("GATEWAY_AUTH_TOKEN", "any");
        Process check = builder.start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(check.waitFor()).as(output).isZero();
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static Map<String, String> environment(String service) {
        Map<String, String> env = new TreeMap<>();
        compose.at("/services/" + service + "/environment")
                .properties()
                .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }
}

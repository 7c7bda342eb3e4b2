package dev.pulse.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The project's docker-compose.yml as one compose project: its own name, its own host ports and variables, driven
 * through the compose command line the engine has.
 */
final class ComposeStack {
    private final DockerEngine engine;
    private final Path home;
    private final String project;
    private final Map<String, String> variables;

    ComposeStack(DockerEngine engine, Path home, String project, Map<String, String> variables) {
        this.engine = engine;
        this.home = home;
        this.project = project;
        this.variables = Map.copyOf(variables);
    }

    String project() {
        return project;
    }

    /** Runs {@code compose -p PROJECT -f docker-compose.yml ARGS}, failing with its output when it fails. */
    String compose(Duration limit, String... args) {
        List<String> argv = new ArrayList<>(engine.compose());
        argv.addAll(List.of("-p", project, "-f", "docker-compose.yml"));
        argv.addAll(Arrays.asList(args));
        return new Command(argv, home, variables).runOrFail(limit);
    }

    /** Each service's container id (asked of the engine by label: one quick call, not one compose run per service). */
    Map<String, String> containers() {
        Command.Result result = engine.docker(
                Duration.ofSeconds(20),
                "ps",
                "-a",
                "--filter",
                "label=com.docker.compose.project=" + project,
                "--format",
                "{{.Label \"com.docker.compose.service\"}} {{.ID}}");
        if (!result.ok()) {
            throw new AssertionError("docker ps: " + result.output());
        }
        Map<String, String> ids = new TreeMap<>();
        result.output().strip().lines().filter(l -> l.contains(" ")).forEach(line -> {
            String[] serviceAndId = line.split(" ", 2);
            ids.put(serviceAndId[0], serviceAndId[1]);
        });
        return ids;
    }

    /** The health each container's check reports ({@code healthy}, {@code starting}, ...), by service. */
    Map<String, String> health() {
        Map<String, String> health = new TreeMap<>();
        containers().forEach((service, id) -> health.put(service, inspect(id, "{{.State.Health.Status}}")));
        return health;
    }

    String inspect(String container, String format) {
        return engine.docker(Duration.ofSeconds(20), "inspect", "--format", format, container)
                .output()
                .strip();
    }

    /** Containers, volumes and networks that still carry this project's label. */
    List<String> leftovers() {
        String label = "label=com.docker.compose.project=" + project;
        List<String> left = new ArrayList<>();
        for (String[] query : List.of(
                new String[] {"ps", "-a", "-q", "--filter", label},
                new String[] {"volume", "ls", "-q", "--filter", label},
                new String[] {"network", "ls", "-q", "--filter", label})) {
            Command.Result result = engine.docker(Duration.ofSeconds(20), query);
            if (!result.ok()) {
                throw new AssertionError("docker " + String.join(" ", query) + ": " + result.output());
            }
            result.output().strip().lines().filter(l -> !l.isBlank()).forEach(l -> left.add(query[0] + " " + l));
        }
        return left;
    }
}

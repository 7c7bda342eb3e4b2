package dev.pulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The service images of docker-compose.yml built from the jars this build has already packaged
 * ({@code MODULE/target/lib/} and the module's jar), with no Maven inside Docker: the Dockerfile's {@code runtime}
 * target (everything but the jars), then deploy/packaged/Dockerfile adding them. Each gets the image name the compose
 * file gives it, so that {@code up --no-build} runs the compose file as it is. The services are built in parallel.
 */
final class PackagedImages {
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(5);

    /** One image of the compose file: its name and the build arguments compose would pass. */
    record Service(String image, String module, String mainClass, String port) {}

    private final Path home;
    private final Path staging;

    PackagedImages(Path home, Path staging) {
        this.home = home;
        this.staging = staging;
    }

    /** The images the compose file builds (gateway-2 shares gateway-1's), in the file's order. */
    static List<Service> services(Path composeFile) throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(composeFile.toFile());
        Map<String, Service> byImage = new LinkedHashMap<>();
        compose.path("services").properties().forEach(entry -> {
            JsonNode service = entry.getValue();
            JsonNode args = service.at("/build/args");
            if (!args.isMissingNode()) {
                byImage.putIfAbsent(
                        service.path("image").asText(),
                        new Service(
                                service.path("image").asText(),
                                args.path("MODULE").asText(),
                                args.path("MAIN_CLASS").asText(),
                                args.path("PORT").asText()));
            }
        });
        return List.copyOf(byImage.values());
    }

    /** Builds every service's image on the given JRE base; returns each one's build time in milliseconds. */
    Map<String, Long> build(List<Service> services, String jreImage) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(services.size());
        try {
            Map<String, Future<Long>> builds = new LinkedHashMap<>();
            for (Service service : services) {
                builds.put(service.image(), pool.submit(() -> build(service, jreImage)));
            }
            Map<String, Long> millis = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            for (Map.Entry<String, Future<Long>> build : builds.entrySet()) {
                try {
                    millis.put(build.getKey(), build.getValue().get());
                } catch (ExecutionException e) {
                    failures.add(build.getKey() + ": " + e.getCause().getMessage());
                }
            }
            if (!failures.isEmpty()) {
                throw new AssertionError(String.join("\n", failures));
            }
            return millis;
        } finally {
            pool.shutdownNow();
        }
    }

    private long build(Service service, String jreImage) throws IOException {
        long start = System.nanoTime();
        Path context = stage(service.module());
        String runtime = service.image().replaceFirst(":[^:/]+$", "") + ":runtime";
        // The Dockerfile's runtime target, built from the project directory as compose would (only that stage runs).
        Command.of(
                        home,
                        "docker",
                        "build",
                        "-q",
                        "--target",
                        "runtime",
                        "--build-arg",
                        "JRE_IMAGE=" + jreImage,
                        "--build-arg",
                        "MAIN_CLASS=" + service.mainClass(),
                        "--build-arg",
                        "PORT=" + service.port(),
                        "-t",
                        runtime,
                        ".")
                .runOrFail(BUILD_LIMIT);
        Command.of(context, "docker", "build", "-q", "--build-arg", "RUNTIME=" + runtime, "-t", service.image(), ".")
                .runOrFail(BUILD_LIMIT);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * A build context for deploy/packaged/Dockerfile: that file and {@code lib/}, the module's runtime dependencies and
     * its own jar (hard links where the file system allows, else copies).
     */
    private Path stage(String module) throws IOException {
        Path target = home.resolve(module).resolve("target");
        Path jars = target.resolve("lib");
        List<Path> own;
        try (Stream<Path> files = Files.list(target)) {
            own = files.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith(module + "-") && name.endsWith(".jar") && !name.endsWith("-tests.jar");
                    })
                    .toList();
        } catch (IOException e) {
            own = List.of();
        }
        if (!Files.isDirectory(jars) || own.size() != 1) {
            throw new AssertionError("no packaged " + module + " in " + target
                    + " (its jar and lib/): build it in the same run, e.g. ./mvnw -pl deploy-tests -am verify");
        }
        Path context = staging.resolve(module);
        deleteTree(context);
        Path lib = Files.createDirectories(context.resolve("lib"));
        Files.copy(home.resolve("deploy/packaged/Dockerfile"), context.resolve("Dockerfile"));
        List<Path> all = new ArrayList<>(own);
        try (Stream<Path> files = Files.list(jars)) {
            files.forEach(all::add);
        }
        for (Path jar : all) {
            Path link = lib.resolve(jar.getFileName());
            try {
                Files.createLink(link, jar);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(jar, link, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return context;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(path);
            }
        }
    }
}

package dev.pulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The base and Kafka images the Docker tests use: the public ones where they are here or can be pulled, else the local
 * stand-ins of deploy/build-local-images (which reuses the ones it made before while what they are made from is the
 * same).
 */
record DockerImages(String jdk, String jre, String kafka) {

    static DockerImages publicOnes() {
        return new DockerImages(
                "eclipse-temurin:25-jdk", "eclipse-temurin:25-jre", "apache/kafka:" + ParentPom.kafkaVersion());
    }

    static DockerImages ensure(DockerEngine engine) {
        DockerImages publicImages = publicOnes();
        boolean reachable = List.of(publicImages.jdk(), publicImages.jre(), publicImages.kafka()).stream()
                .allMatch(image -> engine.docker(Duration.ofSeconds(20), "image", "inspect", image)
                                .ok()
                        || engine.docker(Duration.ofMinutes(3), "pull", image).ok());
        if (reachable) {
            return publicImages;
        }
        String output = Command.of(ParentPom.HOME, "deploy/build-local-images").runOrFail(Duration.ofMinutes(10));
        System.out.print(output);
        Matcher done = Pattern.compile("PULSE_JDK_IMAGE=(\\S+) PULSE_JRE_IMAGE=(\\S+) KAFKA_IMAGE=(\\S+)")
                .matcher(output);
        assertThat(done.find()).as(output).isTrue();
        return new DockerImages(done.group(1), done.group(2), done.group(3));
    }

    /** The variables docker-compose.yml takes its images from. */
    Map<String, String> composeVariables() {
        return Map.of("PULSE_JDK_IMAGE", jdk, "PULSE_JRE_IMAGE", jre, "KAFKA_IMAGE", kafka);
    }
}

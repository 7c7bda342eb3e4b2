package dev.pulse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

class KafkaClusterExtensionTest {

    @Test
    void shouldRunTheOfficialImageAtTheBuildsKafkaVersion() throws IOException {
        Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>")
                .matcher(Files.readString(Path.of("../pom.xml")));
        assertThat(version.find()).isTrue();

        assertThat(KafkaClusterExtension.defaultImage()).isEqualTo("apache/kafka:" + version.group(1));
    }

    @Test
    void shouldAcceptAStandInImageAsApacheKafka() {
        String before = System.setProperty(KafkaClusterExtension.IMAGE_PROPERTY, "pulse-local/kafka:4.4.0");
        try {
            assertThat(KafkaClusterExtension.image().isCompatibleWith(DockerImageName.parse("apache/kafka")))
                    .isTrue();
        } finally {
            if (before == null) {
                System.clearProperty(KafkaClusterExtension.IMAGE_PROPERTY);
            } else {
                System.setProperty(KafkaClusterExtension.IMAGE_PROPERTY, before);
            }
        }
    }
}

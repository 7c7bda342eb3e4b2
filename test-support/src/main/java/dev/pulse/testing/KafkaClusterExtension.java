package dev.pulse.testing;

import dev.pulse.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Injects a {@link KafkaCluster} into integration tests. One cluster serves every test of the JVM, so the suite pays
 * the start-up once.
 *
 * <p>By default the cluster is the in-JVM broker ({@link EmbeddedKafkaBroker}). With
 * {@code -Dpulse.kafka=testcontainers} the same tests run against the official Kafka image through Testcontainers;
 * where no Docker engine is reachable they are skipped, not failed. The image is {@code apache/kafka} at the version of
 * the Kafka clients on the classpath (the build's), or {@code -Dpulse.kafka.image}: any image configured like
 * apache/kafka, e.g. the local stand-in that deploy/build-local-images makes.
 */
public final class KafkaClusterExtension implements ParameterResolver {
    public static final String MODE_PROPERTY = "pulse.kafka";
    public static final String IMAGE_PROPERTY = "pulse.kafka.image";
    private static final DockerImageName OFFICIAL_IMAGE = DockerImageName.parse("apache/kafka");

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        return store.computeIfAbsent(KafkaClusterExtension.class, key -> startCluster(), KafkaCluster.class);
    }

    private static KafkaCluster startCluster() {
        if ("testcontainers".equals(System.getProperty(MODE_PROPERTY))) {
            Assumptions.assumeTrue(
                    DockerClientFactory.instance().isDockerAvailable(),
                    "pulse.kafka=testcontainers but no Docker engine is reachable: skipping");
            // A broker in a container starts in seconds on an idle machine; on 2 busy cores it took over a minute.
            return new ContainerCluster(new KafkaContainer(image()).withStartupTimeout(Duration.ofMinutes(3)));
        }
        return new EmbeddedCluster(EmbeddedKafkaBroker.onFreePort().start());
    }

    /** The image of the Testcontainers mode: a substitute is accepted as apache/kafka (it is configured the same). */
    static DockerImageName image() {
        String name = System.getProperty(IMAGE_PROPERTY, defaultImage());
        return DockerImageName.parse(name).asCompatibleSubstituteFor(OFFICIAL_IMAGE);
    }

    /** apache/kafka at the build's Kafka version (kafka-image.properties, filtered from the parent pom). */
    static String defaultImage() {
        Properties properties = new Properties();
        try (InputStream in = KafkaClusterExtension.class.getResourceAsStream("kafka-image.properties")) {
            properties.load(Objects.requireNonNull(in, "kafka-image.properties is not on the classpath"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("image");
    }

    private record EmbeddedCluster(EmbeddedKafkaBroker broker) implements KafkaCluster, AutoCloseable {
        @Override
        public String bootstrapServers() {
            return broker.bootstrapServers();
        }

        @Override
        public void close() {
            broker.close();
        }
    }

    private static final class ContainerCluster implements KafkaCluster, AutoCloseable {
        private final KafkaContainer container;

        ContainerCluster(KafkaContainer container) {
            this.container = container;
            container.start();
        }

        @Override
        public String bootstrapServers() {
            return container.getBootstrapServers();
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}

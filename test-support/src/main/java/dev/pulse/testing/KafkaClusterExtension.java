package dev.pulse.testing;

import dev.pulse.kafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Injects a {@link KafkaCluster} into integration tests. One cluster serves every test of the JVM, so the suite pays
 * the start-up once.
 *
 * <p>By default the cluster is the in-JVM broker ({@link EmbeddedKafkaBroker}). With
 * {@code -Dpulse.kafka=testcontainers} the same tests run against the official Kafka image through Testcontainers;
 * where no Docker engine is reachable they are skipped, not failed.
 */
public final class KafkaClusterExtension implements ParameterResolver {
    public static final String MODE_PROPERTY = "pulse.kafka";
    private static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

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
            return new ContainerCluster(new KafkaContainer(KAFKA_IMAGE));
        }
        return new EmbeddedCluster(EmbeddedKafkaBroker.onFreePort().start());
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

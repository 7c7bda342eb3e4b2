package dev.pulse.deploy;

import dev.pulse.testing.KafkaClusterExtension;
import org.junit.platform.suite.api.AfterSuite;
import org.junit.platform.suite.api.BeforeSuite;
import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

/**
 * The Testcontainers path ({@code -Dpulse.kafka=testcontainers}) on every run: integration tests of the processor and
 * of the gateway, as their modules have them, against the Kafka image in a container instead of the in-JVM broker. One
 * container serves both (KafkaClusterExtension keeps one cluster per JVM). The image is apache/kafka at the build's
 * Kafka version where it is here or can be pulled, else the local stand-in. Skipped, with the reason, where no Docker
 * engine can be had or {@code PULSE_DOCKER_TESTS=0}; deploy/testcontainers-verify runs every Kafka integration test of
 * every module this way. deploy-tests' pom puts the two modules' test classes on this JVM's class path; without an
 * engine, SkipWithoutDocker skips them.
 */
@Suite
@ConfigurationParameter(key = "junit.jupiter.extensions.autodetection.enabled", value = "true")
@SelectClasses(names = {"dev.pulse.processor.ProcessorServiceIT", "dev.pulse.gateway.ResumeIT"})
class TestcontainersKafkaIT {
    private static final StepTimes TIMES = new StepTimes("testcontainers");
    private static DockerEngine engine;
    private static long testsStarted;

    @BeforeSuite
    static void findAnEngineAndTheKafkaImage() throws Exception {
        DockerEngine.Availability availability = TIMES.time(
                "find a Docker engine",
                () -> DockerEngine.find(ParentPom.HOME, ParentPom.HOME.resolve("deploy-tests/target/testcontainers")));
        if (availability instanceof DockerEngine.Availability.Missing missing) {
            System.out.println("[testcontainers] skipped: " + missing.reason());
            SkipWithoutDocker.skipAll(missing.reason());
            return;
        }
        engine = ((DockerEngine.Availability.Present) availability).engine();
        DockerImages images = TIMES.time("base and Kafka images", () -> DockerImages.ensure(engine));
        System.out.println("[testcontainers] image " + images.kafka());
        System.setProperty(KafkaClusterExtension.MODE_PROPERTY, "testcontainers");
        System.setProperty(KafkaClusterExtension.IMAGE_PROPERTY, images.kafka());
        testsStarted = System.nanoTime();
    }

    @AfterSuite
    static void stopTheEngineItStarted() {
        try {
            if (testsStarted != 0) {
                TIMES.record("the ITs, the container's start and stop included", System.nanoTime() - testsStarted);
            }
            TIMES.print();
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
    }
}

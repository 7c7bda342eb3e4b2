package dev.pulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Dockerfile checked without a Docker engine: the parts a live run found broken stay fixed. */
class DockerfileTest {
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static String dockerfile;

    @BeforeAll
    static void read() throws IOException {
        dockerfile = Files.readString(HOME.resolve("Dockerfile"));
    }

    @Test
    void shouldCopyEveryModulePomIntoTheDependencyLayer() {
        List<String> modules = ParentPom.modules();
        assertThat(modules).isNotEmpty();
        for (String name : modules) {
            assertThat(dockerfile)
                    .as("Maven refuses a reactor with a module pom missing")
                    .contains("COPY " + name + "/pom.xml " + name + "/");
        }
    }

    @Test
    void shouldNotHideAFailingBuildStep() {
        assertThat(dockerfile).doesNotContain("|| true");
    }

    @Test
    void shouldTakeItsBaseImagesAsArgumentsWithPublicDefaults() {
        assertThat(dockerfile)
                .contains("ARG JDK_IMAGE=eclipse-temurin:25-jdk", "ARG JRE_IMAGE=eclipse-temurin:25-jre")
                .contains("FROM ${JDK_IMAGE} AS build", "FROM ${JRE_IMAGE}");
    }

    @Test
    void shouldGiveTheProcessorsStateDirectoryToTheServiceUser() {
        assertThat(dockerfile).contains("mkdir -p /var/lib/pulse/state && chown 10001 /var/lib/pulse/state");
    }

    @Test
    void shouldRunTheJvmWithTheOneOptionsFile() {
        assertThat(dockerfile).contains("COPY config/jvm.options /app/jvm.options", "JAVA_OPTS=\"@/app/jvm.options\"");
    }

    @Test
    void shouldOfferTheRuntimeWithoutTheJarsAsTheFirstStage() {
        // The legacy builder runs every stage up to its target: the quick path (--target runtime) must not run Maven.
        assertThat(dockerfile.indexOf("FROM ${JRE_IMAGE} AS runtime"))
                .isNotNegative()
                .isLessThan(dockerfile.indexOf("FROM ${JDK_IMAGE} AS build"));
        assertThat(dockerfile.strip()).endsWith("COPY --from=build /src/${MODULE}/target/${MODULE}-*.jar /app/lib/");
        assertThat(dockerfile).contains("FROM runtime\n");
    }

    @Test
    void shouldPutThePackagedJarsWhereTheFromSourceBuildPutsThem() throws IOException {
        String packaged = Files.readString(HOME.resolve("deploy/packaged/Dockerfile"));
        assertThat(packaged).contains("FROM ${RUNTIME}", "COPY lib/ /app/lib/");
        assertThat(dockerfile).contains("COPY --from=build /src/${MODULE}/target/lib/ /app/lib/", "-cp '/app/lib/*'");
    }

    @Test
    void shouldBuildEveryComposeImageFromAModuleThatPackagesItsDependencies() throws IOException {
        List<PackagedImages.Service> services = PackagedImages.services(HOME.resolve("docker-compose.yml"));
        assertThat(services)
                .extracting(PackagedImages.Service::module)
                .containsExactly("engine-simulator", "processor", "collector", "gateway");
        for (PackagedImages.Service service : services) {
            assertThat(Files.readString(HOME.resolve(service.module()).resolve("pom.xml")))
                    .as("%s's pom lists the dependency plugin that fills target/lib/", service.module())
                    .contains("<artifactId>maven-dependency-plugin</artifactId>");
            assertThat(service.mainClass()).startsWith("dev.pulse.");
            assertThat(service.port()).matches("[0-9]+");
        }
    }
}

package dev.pulse.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JvmOptionsTest {
    @Test
    void readsOneFlagPerLineAndSkipsComments() {
        String file = """
                # a comment line
                -XX:+UseSerialGC

                -Xmx96m   # a trailing comment
                  -Xss256k -Xms8m
                """;

        assertThat(JvmOptions.parse(file)).containsExactly("-XX:+UseSerialGC", "-Xmx96m", "-Xss256k", "-Xms8m");
    }

    @Test
    void theDeployedFlagsAreTheFilesFlags() {
        assertThat(JvmOptions.deployed())
                .isNotEmpty()
                .allSatisfy(flag -> assertThat(flag).startsWith("-"))
                .contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void theCoverageAgentWritesOneFilePerServiceIntoTheGivenDirectory() {
        CoverageAgent agent = new CoverageAgent(Path.of("/m2/jacocoagent.jar"), Path.of("/work/system-tests/target"));

        assertThat(agent.jvmFlags(Service.GATEWAY))
                .containsExactly("-javaagent:/m2/jacocoagent.jar=destfile=/work/system-tests/target/jacoco-gateway.exec"
                        + ",append=true,includes=dev.pulse.*");
    }
}

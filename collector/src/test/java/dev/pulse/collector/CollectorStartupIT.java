package dev.pulse.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real main, in its own process: a bad setting stops start-up with one line naming it. */
class CollectorStartupIT {

    @Test
    void shouldRefuseToStartWithAMessageNamingTheVariableWhenTheIntervalIsBad() throws Exception {
        // given
        ProcessBuilder builder = new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                CollectorMain.class.getName());
        builder.environment().put("COLLECTOR_INTERVAL", "10ms");

        // when
        Process process = builder.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);

        // then
        assertThat(exited).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(read(process)).contains("collector: invalid configuration: COLLECTOR_INTERVAL: expected a duration");
    }

    private static String read(Process process) throws IOException {
        return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}

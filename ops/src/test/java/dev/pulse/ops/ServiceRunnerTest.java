package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ServiceRunnerTest {
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void aBadSettingIsOneLineNamingTheVariableAndExitCode2() {
        ServiceRunner.Outcome outcome = ServiceRunner.start(
                "gateway",
                env -> {
                    throw new ConfigException("GATEWAY_PORT", "a port from 0 to 65535", "http");
                },
                new Env(Map.of()),
                err);

        assertThat(outcome).isEqualTo(new ServiceRunner.Outcome.Failed(ServiceRunner.CONFIG_ERROR));
        assertThat(errBytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("gateway: invalid configuration: GATEWAY_PORT: expected a port from 0 to 65535,"
                        + " got 'http'");
    }

    @Test
    void anyOtherStartFailureIsExitCode1AndLoggedNotPrinted() {
        ServiceRunner.Outcome outcome = ServiceRunner.start(
                "collector",
                env -> {
                    throw new IllegalStateException("cannot bind");
                },
                new Env(Map.of()),
                err);

        assertThat(outcome).isEqualTo(new ServiceRunner.Outcome.Failed(ServiceRunner.START_ERROR));
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aStartedServiceIsStartedFromTheGivenEnvironment() {
        Env env = new Env(Map.of("SIMULATOR_PORT", "0"));
        AutoCloseable service = () -> {};

        ServiceRunner.Outcome outcome = ServiceRunner.start(
                "engine-simulator",
                given -> {
                    assertThat(given.raw("SIMULATOR_PORT")).contains("0");
                    return service;
                },
                env,
                err);

        assertThat(outcome).isEqualTo(new ServiceRunner.Outcome.Started(service));
    }

    @Test
    void stoppingClosesTheServiceAndAFailingCloseDoesNotEscape() {
        AtomicBoolean closed = new AtomicBoolean();
        ServiceRunner.stop("processor", () -> closed.set(true));
        assertThat(closed).isTrue();

        assertThatCode(() -> ServiceRunner.stop("processor", () -> {
                    throw new IllegalStateException("broker gone");
                }))
                .doesNotThrowAnyException();
    }
}

package dev.pulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

    @Test
    void shouldUseTheDocumentedDefaultsWhenNothingIsSet() {
        SimulatorConfig config = SimulatorConfig.fromEnv(new Env(Map.of()));

        assertThat(config).isEqualTo(new SimulatorConfig(8081, 42, "engine-1", true));
    }

    @Test
    void shouldTurnTheAdminApiOffWhenAsked() {
        assertThat(SimulatorConfig.fromEnv(new Env(Map.of("SIMULATOR_ADMIN", "false")))
                        .admin())
                .isFalse();
    }

    @Test
    void shouldNameTheVariableWhenTheSeedIsNotANumber() {
        assertThatThrownBy(() -> SimulatorConfig.fromEnv(new Env(Map.of("SIMULATOR_SEED", "abc"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SIMULATOR_SEED");
    }

    @Test
    void shouldNameTheVariableWhenThePortIsOutOfRange() {
        assertThatThrownBy(() -> SimulatorConfig.fromEnv(new Env(Map.of("SIMULATOR_PORT", "70000"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SIMULATOR_PORT");
    }

    @Test
    void shouldNameTheVariableWhenTheEngineIdHasForbiddenCharacters() {
        assertThatThrownBy(() -> SimulatorConfig.fromEnv(new Env(Map.of("SIMULATOR_ENGINE_ID", "engine 1"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SIMULATOR_ENGINE_ID");
    }
}

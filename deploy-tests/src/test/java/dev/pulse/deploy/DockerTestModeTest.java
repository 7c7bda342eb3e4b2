package dev.pulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DockerTestModeTest {

    @Test
    void shouldRunThePackagedPathUnlessTold() {
        assertThat(DockerTestMode.of(null)).isEqualTo(DockerTestMode.PACKAGED);
        assertThat(DockerTestMode.of("")).isEqualTo(DockerTestMode.PACKAGED);
        assertThat(DockerTestMode.of("1")).isEqualTo(DockerTestMode.PACKAGED);
        assertThat(DockerTestMode.of("true")).isEqualTo(DockerTestMode.PACKAGED);
    }

    @Test
    void shouldTurnOffOrGoFullOnRequest() {
        assertThat(DockerTestMode.of("0")).isEqualTo(DockerTestMode.OFF);
        assertThat(DockerTestMode.of("false")).isEqualTo(DockerTestMode.OFF);
        assertThat(DockerTestMode.of("FULL")).isEqualTo(DockerTestMode.FULL);
    }

    @Test
    void shouldNameTheVariableForAnyOtherValue() {
        assertThatThrownBy(() -> DockerTestMode.of("yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PULSE_DOCKER_TESTS: expected 0, 1 or full, got 'yes'");
    }
}

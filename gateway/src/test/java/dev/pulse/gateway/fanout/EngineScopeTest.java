package dev.pulse.gateway.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EngineScopeTest {
    @Test
    void shouldMatchWildcardsAnywhereAndNothingElse() {
        EngineScope scope = EngineScope.of(List.of("team-a-*", "*.eu", "exact-1"));
        assertThat(scope.allows("team-a-7")).isTrue();
        assertThat(scope.allows("engine.eu")).isTrue();
        assertThat(scope.allows("exact-1")).isTrue();
        assertThat(scope.allows("exact-10")).isFalse();
        assertThat(scope.allows("team-b-7")).isFalse();
        assertThat(scope.allows(null)).isFalse();
    }

    @Test
    void shouldTakeRegexCharactersLiterally() {
        assertThat(EngineScope.of(List.of("a.b")).allows("axb")).isFalse();
    }

    @Test
    void shouldGrantEverythingForAStar() {
        assertThat(EngineScope.of(List.of("x", "*"))).isSameAs(EngineScope.ALL);
        assertThat(EngineScope.ALL.allows(null)).isTrue();
    }

    @Test
    void shouldRefuseAPatternWithOtherCharacters() {
        assertThatThrownBy(() -> EngineScope.of(List.of("a|b"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EngineScope.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}

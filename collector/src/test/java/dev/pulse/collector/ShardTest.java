package dev.pulse.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShardTest {

    @Test
    void shouldHashWithTheFixedFnv1aOfTheUtf8Id() {
        // Reference values of 32-bit FNV-1a: "" and "a".
        assertThat(Integer.toUnsignedLong(Shard.fnv1a(""))).isEqualTo(0x811c9dc5L);
        assertThat(Integer.toUnsignedLong(Shard.fnv1a("a"))).isEqualTo(0xe40c292cL);
    }

    @Test
    void shouldGiveEveryEngineToExactlyOneOfTheShards() {
        Shard[] shards = {new Shard(0, 3), new Shard(1, 3), new Shard(2, 3)};

        IntStream.range(0, 1_000)
                .mapToObj(i -> "engine-" + i)
                .forEach(id -> assertThat(
                                Arrays.stream(shards).filter(s -> s.owns(id)).count())
                        .isEqualTo(1));
        assertThat(IntStream.range(0, 1_000)
                        .filter(i -> shards[0].owns("engine-" + i))
                        .count())
                .as("a fair share")
                .isBetween(250L, 420L);
    }

    @Test
    void shouldOwnEverythingByDefault() {
        assertThat(Shard.fromEnv(new Env(Map.of()))).isEqualTo(Shard.ALL);
        assertThat(Shard.ALL.owns("anything")).isTrue();
        assertThat(Shard.fromEnv(new Env(Map.of("COLLECTOR_SHARD", "1/2")))).isEqualTo(new Shard(1, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2/2", "1", "a/b", "-1/2", "0/0", "1/2/3", "0/1001"})
    void shouldRefuseABadShardNamingTheVariable(String value) {
        assertThatThrownBy(() -> Shard.fromEnv(new Env(Map.of("COLLECTOR_SHARD", value))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("COLLECTOR_SHARD: expected i/n");
    }
}

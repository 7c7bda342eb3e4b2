package dev.pulse.collector.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.collector.EngineTarget;
import dev.pulse.common.config.Env;
import dev.pulse.common.model.ReadingKind;
import dev.pulse.common.model.StreamName;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnginesFileTest {
    private static final Env ENV = new Env(Map.of("ENGINE_TOKEN", "s3cret"));

    @TempDir
    Path dir;

    private List<EngineTarget> load(String text) throws Exception {
        Path file = dir.resolve("engines.yaml");
        Files.writeString(file, text);
        return EnginesFile.load(file, ENV);
    }

    @Test
    void shouldReadEnginesWithTheBuiltInProfileByDefault() throws Exception {
        List<EngineTarget> engines = load("""
                engines:
                  - id: engine-1
                    url: http://localhost:8081
                  - {id: engine-2, url: "http://sim:8081/engines/engine-2"}
                """);

        assertThat(engines)
                .containsExactly(
                        new EngineTarget("engine-1", URI.create("http://localhost:8081")),
                        new EngineTarget("engine-2", URI.create("http://sim:8081/engines/engine-2")));
    }

    @Test
    void shouldReadJsonToo() throws Exception {
        List<EngineTarget> engines = load("{\"engines\": [{\"id\": \"a\", \"url\": \"http://h:1\"}]}");

        assertThat(engines).extracting(EngineTarget::engineId).containsExactly("a");
    }

    @Test
    void shouldReadAProfileWithPathsHeadersFromTheEnvironmentAndFieldMappings() throws Exception {
        List<EngineTarget> engines = load("""
                profiles:
                  nested:
                    headers: {Authorization: "Bearer ${ENGINE_TOKEN}"}
                    health: {path: /status}
                    analytics:
                      path: /v2/stats
                      fields:
                        cpu_usage: {pointer: /data/metrics/cpu, scale: ratio_to_percent}
                        memory_usage: {pointer: /data/metrics/mem, scale: bytes_to_mib}
                        response_time: {pointer: /data/metrics/latency, required: false, default: 0}
                        timestamp: {pointer: /data/at, required: false, default: collected}
                        active_nodes: /data/metrics/nodes
                engines:
                  - id: e1
                    url: http://h:1
                    profile: nested
                    headers: {X-Tenant: {value_from_env: ENGINE_TOKEN}}
                """);

        Profile profile = engines.getFirst().profile();
        assertThat(profile.name()).isEqualTo("nested");
        assertThat(profile.health().path()).isEqualTo("/status");
        assertThat(profile.endpoint(ReadingKind.SYSTEM).path()).isEqualTo("/v2/stats");
        assertThat(profile.endpoint(ReadingKind.SYSTEM).headers())
                .containsExactly(new Header("Authorization", "Bearer s3cret"), new Header("X-Tenant", "s3cret"));
        assertThat(profile.endpoint(ReadingKind.MEMORY).path()).isEqualTo(ReadingKind.MEMORY.defaultPath());
        assertThat(profile.streams().get(StreamName.MEMORY).fields())
                .as("memory not mapped")
                .isEmpty();
        assertThat(profile.streams().get(StreamName.ANALYTICS).fields())
                .extracting(f -> f.field().name() + " " + f.pointer() + " " + f.scale() + " " + f.required())
                .containsExactly(
                        "active_nodes /data/metrics/nodes 1.0 true",
                        "active_edges /active_edges 1.0 true",
                        "query_rate /query_rate 1.0 true",
                        "cache_hit_rate /cache_hit_rate 1.0 true",
                        "memory_usage /data/metrics/mem 9.5367431640625E-7 true",
                        "cpu_usage /data/metrics/cpu 100.0 true",
                        "response_time /data/metrics/latency 1.0 false",
                        "timestamp /data/at 1.0 false");
    }

    @Test
    void shouldAcceptThresholdsOnEnginesAndProfilesForTheProcessor() throws Exception {
        List<EngineTarget> engines = load("""
                profiles:
                  p: {thresholds: ["analytics.cpu_usage>90:warning", "analytics.cpu_usage>97:critical"]}
                engines:
                  - {id: a, url: "http://h:1", profile: p, thresholds: "analytics.cpu_usage:off"}
                """);

        assertThat(engines).extracting(EngineTarget::engineId).containsExactly("a");
    }

    @Test
    void shouldNeverShowAHeaderValueInItsText() throws Exception {
        Header header = new Header("Authorization", "Bearer s3cret");

        assertThat(header.toString()).doesNotContain("s3cret");
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of(
                        "engines: [{id: a, url: 'http://h:1'}, {id: a, url: 'http://h:2'}]",
                        "(engine 'a'): expected each engine id once"),
                Arguments.of(
                        "engines: [{id: 'bad id', url: 'http://h:1'}]",
                        "(engines[0], id): expected an engine id of 1 to 64"),
                Arguments.of("engines: [{id: a, url: 'ftp://h'}]", "(engine 'a', url): expected an http(s) URL"),
                Arguments.of(
                        "engines: [{id: a, url: 'http://h:1', profile: nope}]",
                        "(engine 'a', profile): expected a profile of this file: [builtin], got 'nope'"),
                Arguments.of(
                        "engines: [{id: a, url: 'http://h:1', colour: red}]",
                        "(engines[0], colour): expected one of the keys"),
                Arguments.of(
                        "profiles: {p: {analytics: {fields: {cpu: /x}}}}\nengines: []",
                        "(profile 'p', analytics field 'cpu'): expected a contract field of analytics"),
                Arguments.of(
                        "profiles: {p: {analytics: {fields: {cpu_usage: data.cpu}}}}\nengines: []",
                        "(profile 'p', analytics field 'cpu_usage'): expected a JSON Pointer"),
                Arguments.of(
                        "profiles: {p: {analytics: {fields: {cpu_usage: {pointer: '/a~2'}}}}}\nengines: []",
                        "(profile 'p', analytics field 'cpu_usage', pointer): expected a JSON Pointer"),
                Arguments.of(
                        "profiles: {p: {analytics: {fields: {cpu_usage: {pointer: /a, scale: -1}}}}}\nengines: []",
                        "(profile 'p', analytics field 'cpu_usage', scale): expected a positive number"),
                Arguments.of(
                        "profiles: {p: {analytics: {fields: {cpu_usage: {pointer: /a, required: false}}}}}\n"
                                + "engines: []",
                        "(profile 'p', analytics field 'cpu_usage'): expected a 'default' for an optional field"),
                Arguments.of(
                        "profiles: {p: {headers: {Authorization: 'Bearer ${NOT_SET}'}}}\nengines: []",
                        "(profile 'p', headers 'Authorization'): expected environment variable NOT_SET to be set"),
                Arguments.of(
                        "profiles: {p: {headers: {Host: x}}}\nengines: []",
                        "(profile 'p', headers 'Host'): expected a header"),
                Arguments.of("profiles: {builtin: {}}\nengines: []", "(profile 'builtin'): expected another name"),
                Arguments.of(
                        "profiles: {p: {graph: {method: DELETE}}}\nengines: []",
                        "(profile 'p', graph, method): expected one of"),
                Arguments.of(
                        "engines: [{id: a, url: 'http://h:1', thresholds: ['analytics.cpu_usage>900:warning']}]",
                        "(engine 'a', thresholds): expected a bound within the range of cpu_usage (0 to 100), got"
                                + " 'analytics.cpu_usage>900:warning'"),
                Arguments.of(
                        "profiles: {p: {thresholds: 'memory.hit_ratio<0.5:severe'}}\nengines: []",
                        "(profile 'p', thresholds): expected a level of [warning, critical]"),
                Arguments.of("engines: {a: 1}", ": expected a list 'engines'"),
                Arguments.of("engines: []\nengines: []", ": expected a readable YAML or JSON file"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void shouldRefuseABadFileNamingTheFileThePlaceAndWhatIsWrong(String text, String message) throws Exception {
        Path file = dir.resolve("engines.yaml");
        Files.writeString(file, text);

        assertThatThrownBy(() -> EnginesFile.load(file, ENV))
                .isInstanceOf(EnginesFileException.class)
                .hasMessageStartingWith("ENGINES_FILE " + file + (message.startsWith(":") ? "" : " ") + message);
    }

    @Test
    void shouldNotEchoASecretInAnError() throws Exception {
        assertThatThrownBy(() -> load("""
                        profiles: {p: {headers: {Authorization: [ "Bearer s3cret" ]}}}
                        engines: []
                        """))
                .isInstanceOf(EnginesFileException.class)
                .message()
                .doesNotContain("s3cret");
    }
}

package dev.pulse.common.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import dev.pulse.common.model.StreamName;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class PipelineTopicsTest {

    @Test
    void shouldNameThePublicTopicsWhenNoPrefixIsSet() {
        PipelineTopics topics = PipelineTopics.fromEnv(new Env(Map.of()));

        assertThat(topics).isEqualTo(PipelineTopics.PUBLIC);
        assertThat(topics.names())
                .containsExactly(
                        "engine.readings.raw",
                        "engine.readings.dlq",
                        "dashboard.analytics",
                        "dashboard.memory",
                        "dashboard.graph",
                        "engine.alerts");
    }

    @Test
    void shouldPrefixEveryTopicAServiceUsesWithTopicPrefix() {
        PipelineTopics topics = PipelineTopics.fromEnv(new Env(Map.of("TOPIC_PREFIX", "staging.")));

        assertThat(topics.raw().name()).isEqualTo("staging.engine.readings.raw");
        assertThat(topics.dlq().name()).isEqualTo("staging.engine.readings.dlq");
        assertThat(topics.analytics().name()).isEqualTo("staging.dashboard.analytics");
        assertThat(topics.memory().name()).isEqualTo("staging.dashboard.memory");
        assertThat(topics.graph().name()).isEqualTo("staging.dashboard.graph");
        assertThat(topics.dashboardNames())
                .containsExactly("staging.dashboard.analytics", "staging.dashboard.memory", "staging.dashboard.graph");
        assertThat(topics.names()).allMatch(name -> name.startsWith("staging."));
    }

    @Test
    void shouldCreateExactlyThePrefixedTopics() {
        PipelineTopics topics = new PipelineTopics("it-7.");

        assertThat(TopicSetup.pipelineTopics(topics, TopicSettings.DEFAULT))
                .extracting(NewTopic::name)
                .containsExactlyElementsOf(topics.names());
    }

    @Test
    void shouldShareNoNameWithThePublicDeployment() {
        PipelineTopics prefixed = new PipelineTopics("a.");

        assertThat(prefixed.names()).doesNotContainAnyElementsOf(PipelineTopics.PUBLIC.names());
        assertThat(prefixed.dashboard(StreamName.GRAPH).name()).isEqualTo("a.dashboard.graph");
    }

    @Test
    void shouldRejectAPrefixKafkaCannotNameATopicWith() {
        Env env = new Env(Map.of("TOPIC_PREFIX", "team a/"));

        assertThatThrownBy(() -> PipelineTopics.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TOPIC_PREFIX");
    }
}

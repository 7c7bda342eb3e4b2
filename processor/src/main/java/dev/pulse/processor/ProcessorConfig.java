package dev.pulse.processor;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.TopicSettings;
import dev.pulse.processor.alert.AlertRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the processor is configured with. Durations accept {@code 5s}, {@code 500ms}, {@code 2m} or ISO-8601
 * ({@code PT5S}).
 *
 * @param port {@code PROCESSOR_PORT}: HTTP port of /health, /ready, /metrics (0 = any free port)
 * @param kafka {@code KAFKA_BOOTSTRAP_SERVERS} and passed-through {@code KAFKA_*} client settings
 * @param topicSettings {@code TOPIC_PARTITIONS}, {@code TOPIC_REPLICATION_FACTOR}: for topics created at start-up and
 *     for the processor's internal (changelog) topics
 * @param topics {@code TOPIC_PREFIX}: the topics read, written and created (the public ones without a prefix)
 * @param applicationId {@code PROCESSOR_APPLICATION_ID}: Kafka Streams application id (consumer group, transactional id
 *     and internal topic prefix)
 * @param stateDir {@code PROCESSOR_STATE_DIR}: where the local state stores live
 * @param commitInterval {@code PROCESSOR_COMMIT_INTERVAL}: how often a transaction commits; under exactly-once, output
 *     becomes visible to read_committed readers only then
 * @param pollInterval {@code PROCESSOR_POLL_INTERVAL}: Kafka Streams' {@code poll.ms}, the longest the stream thread
 *     waits for input before it checks whether a commit is due; with little input, this, not the commit interval,
 *     bounds the latency. {@code KAFKA_POLL_MS} is refused in its favour
 * @param guarantee {@code PROCESSOR_GUARANTEE}: exactly_once_v2 or at_least_once
 * @param standbyReplicas {@code PROCESSOR_STANDBY_REPLICAS}: warm copies of each store on other instances
 * @param maxEngines {@code PROCESSOR_MAX_ENGINES}: distinct live engines this instance keeps state for; readings of
 *     further engines are dead letters ({@code engine-limit})
 * @param timing windows, staleness, repeats, retirement and punctuation
 * @param alerts {@code ALERT_THRESHOLDS} and the {@code thresholds:} of the engines file in {@code ENGINES_FILE}
 */
public record ProcessorConfig(
        int port,
        KafkaSettings kafka,
        TopicSettings topicSettings,
        PipelineTopics topics,
        String applicationId,
        Path stateDir,
        Duration commitInterval,
        Duration pollInterval,
        Guarantee guarantee,
        int standbyReplicas,
        int maxEngines,
        StreamTiming timing,
        AlertRules alerts) {

    public static final int DEFAULT_PORT = 8083;
    public static final String DEFAULT_APPLICATION_ID = "pulse-processor";
    public static final Path DEFAULT_STATE_DIR = Path.of(System.getProperty("java.io.tmpdir"), "pulse-processor-state");
    /**
     * Shorter than the EOS default of 100 ms: read_committed readers wait for it (the sweep: BENCHMARKS.md, section 1).
     */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(20);

    /** The Streams settings this configuration sets, each with the variable that is its one home. */
    static final Map<String, String> OWN_SETTINGS = Map.of(
            StreamsConfig.APPLICATION_ID_CONFIG, "PROCESSOR_APPLICATION_ID",
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "PROCESSOR_GUARANTEE",
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "PROCESSOR_COMMIT_INTERVAL",
            StreamsConfig.POLL_MS_CONFIG, "PROCESSOR_POLL_INTERVAL",
            StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "PROCESSOR_STANDBY_REPLICAS",
            StreamsConfig.STATE_DIR_CONFIG, "PROCESSOR_STATE_DIR",
            StreamsConfig.REPLICATION_FACTOR_CONFIG, "TOPIC_REPLICATION_FACTOR",
            StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "TOPIC_PREFIX (the dead-letter topic)",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "always earliest (a new application reads the raw topic whole)");

    /**
     * Shorter than Kafka Streams' 100 ms: an idle stream thread waits this long in poll before it commits what it
     * processed; chosen from the poll sweep against the idle CPU it costs (docs/processor.md).
     */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(20);

    /**
     * What the deployed heap (config/jvm.options) is shown to hold: the fault suite's fleet-silence scenario runs this
     * many engines, each with all three streams, in one processor process (docs/faults.md, scenario 12).
     */
    public static final int DEFAULT_MAX_ENGINES = 5_000;

    public ProcessorConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topicSettings, "topicSettings");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(guarantee, "guarantee");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(alerts, "alerts");
        if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigException(
                    "PROCESSOR_APPLICATION_ID", "letters, digits, '.', '_' or '-'", String.valueOf(applicationId));
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException("PROCESSOR_PORT", "a port from 0 to 65535", Integer.toString(port));
        }
        // Two homes for one Streams setting would leave the winner to the order of two puts: the processor's
        // own would win (StreamsProperties), and the KAFKA_* variable would be ignored without a word.
        OWN_SETTINGS.forEach((property, variable) -> {
            if (kafka.clientProperties().containsKey(property)) {
                throw new ConfigException(
                        KafkaSettings.variableOf(property),
                        "unset: the processor's " + property + " is " + variable,
                        kafka.clientProperties().get(property));
            }
        });
        if (maxEngines < 1) {
            throw new ConfigException("PROCESSOR_MAX_ENGINES", "at least 1", Integer.toString(maxEngines));
        }
    }

    public static ProcessorConfig fromEnv(Env env) {
        return new ProcessorConfig(
                env.integer("PROCESSOR_PORT", DEFAULT_PORT, 0, 65535),
                KafkaSettings.fromEnv(env),
                TopicSettings.fromEnv(env),
                PipelineTopics.fromEnv(env),
                env.string("PROCESSOR_APPLICATION_ID", DEFAULT_APPLICATION_ID),
                env.writableDirectory("PROCESSOR_STATE_DIR", DEFAULT_STATE_DIR),
                env.duration(
                        "PROCESSOR_COMMIT_INTERVAL",
                        DEFAULT_COMMIT_INTERVAL,
                        Duration.ofMillis(1),
                        Duration.ofMinutes(5)),
                env.duration(
                        "PROCESSOR_POLL_INTERVAL", DEFAULT_POLL_INTERVAL, Duration.ofMillis(1), Duration.ofSeconds(10)),
                Guarantee.parse(
                        "PROCESSOR_GUARANTEE",
                        env.string("PROCESSOR_GUARANTEE", Guarantee.EXACTLY_ONCE_V2.streamsValue())),
                env.integer("PROCESSOR_STANDBY_REPLICAS", 0, 0, 10),
                env.integer("PROCESSOR_MAX_ENGINES", DEFAULT_MAX_ENGINES, 1, 10_000_000),
                StreamTiming.fromEnv(env),
                AlertRules.fromEnv(env));
    }

    /** The same configuration reading and writing other topics (tests, benchmarks). */
    public ProcessorConfig withTopics(PipelineTopics names) {
        return new ProcessorConfig(
                port,
                kafka,
                topicSettings,
                names,
                applicationId,
                stateDir,
                commitInterval,
                pollInterval,
                guarantee,
                standbyReplicas,
                maxEngines,
                timing,
                alerts);
    }
}

package dev.pulse.common.topic;

import dev.pulse.common.config.Env;

/**
 * How the pipeline's topics are created when missing. Partitions of the raw topic bound the number of processor
 * instances; use at least as many as you plan to run.
 *
 * @param partitions {@code TOPIC_PARTITIONS}, default 3
 * @param replicationFactor {@code TOPIC_REPLICATION_FACTOR}, default 1 (use 3 on a real cluster)
 */
public record TopicSettings(int partitions, short replicationFactor) {
    public static final TopicSettings DEFAULT = new TopicSettings(3, (short) 1);

    public static TopicSettings fromEnv(Env env) {
        return new TopicSettings(env.integer("TOPIC_PARTITIONS", DEFAULT.partitions(), 1, 1000), (short)
                env.integer("TOPIC_REPLICATION_FACTOR", DEFAULT.replicationFactor(), 1, 10));
    }
}

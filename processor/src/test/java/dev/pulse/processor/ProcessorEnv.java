package dev.pulse.processor;

import dev.pulse.common.config.Env;
import dev.pulse.testing.KafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment of a processor under test on the shared broker: its own application id (so its group, transactional
 * ids and internal topics are its own), a free HTTP port and a state directory, plus whatever the test adds.
 */
final class ProcessorEnv {
    private ProcessorEnv() {}

    /** The variables; {@code extra} are name/value pairs that add to or replace them. */
    static Map<String, String> of(KafkaCluster cluster, String applicationId, Path stateDir, String... extra) {
        if (extra.length % 2 != 0) {
            throw new IllegalArgumentException("extra settings come in name/value pairs");
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                cluster.bootstrapServers(),
                "PROCESSOR_PORT",
                "0",
                "PROCESSOR_APPLICATION_ID",
                applicationId,
                "PROCESSOR_STATE_DIR",
                stateDir.toString()));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    /** The configuration of such a processor, with a fresh state directory. */
    static ProcessorConfig config(KafkaCluster cluster, String applicationId, String... extra) {
        return ProcessorConfig.fromEnv(new Env(of(cluster, applicationId, freshStateDir(applicationId), extra)));
    }

    static Path freshStateDir(String applicationId) {
        try {
            return Files.createTempDirectory("pulse-" + applicationId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.pulse.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * A processing guarantee and commit interval the processor is run with ({@code PROCESSOR_GUARANTEE},
 * {@code PROCESSOR_COMMIT_INTERVAL}), optionally with a client retry backoff ({@code KAFKA_RETRY_BACKOFF_MS}, passed
 * through to every Kafka client of the processor) and a poll interval ({@code PROCESSOR_POLL_INTERVAL}, Kafka Streams'
 * {@code poll.ms}); 0 leaves either at the processor's default.
 */
public record ProcessingSetting(String guarantee, int commitMs, int retryBackoffMs, int pollMs) {
    public static ProcessingSetting eos(int commitMs) {
        return new ProcessingSetting("exactly_once_v2", commitMs, 0, 0);
    }

    public static ProcessingSetting alos(int commitMs) {
        return new ProcessingSetting("at_least_once", commitMs, 0, 0);
    }

    /** The same setting with a shorter retry backoff (0 = the processor's default). */
    public ProcessingSetting withRetryBackoff(int ms) {
        return new ProcessingSetting(guarantee, commitMs, ms, pollMs);
    }

    /** The same setting with this poll interval (0 = the processor's default). */
    public ProcessingSetting withPoll(int ms) {
        return new ProcessingSetting(guarantee, commitMs, retryBackoffMs, ms);
    }

    public boolean exactlyOnce() {
        return guarantee.startsWith("exactly_once");
    }

    public String label() {
        return (exactlyOnce() ? "EOS" : "at-least-once") + ", commit " + commitMs + " ms"
                + (retryBackoffMs > 0 ? ", retry.backoff " + retryBackoffMs + " ms" : "")
                + (pollMs > 0 ? ", poll " + pollMs + " ms" : "");
    }

    public Map<String, String> env() {
        Map<String, String> env =
                new HashMap<>(Map.of("PROCESSOR_GUARANTEE", guarantee, "PROCESSOR_COMMIT_INTERVAL", commitMs + "ms"));
        if (retryBackoffMs > 0) {
            env.put("KAFKA_RETRY_BACKOFF_MS", Integer.toString(retryBackoffMs));
        }
        if (pollMs > 0) {
            env.put("PROCESSOR_POLL_INTERVAL", pollMs + "ms");
        }
        return env;
    }
}

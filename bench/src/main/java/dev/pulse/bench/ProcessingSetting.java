package dev.pulse.bench;

import java.util.Map;

/**
 * A processing guarantee and commit interval the processor is run with ({@code PROCESSOR_GUARANTEE},
 * {@code PROCESSOR_COMMIT_INTERVAL}).
 */
public record ProcessingSetting(String guarantee, int commitMs) {
    public static ProcessingSetting eos(int commitMs) {
        return new ProcessingSetting("exactly_once_v2", commitMs);
    }

    public static ProcessingSetting alos(int commitMs) {
        return new ProcessingSetting("at_least_once", commitMs);
    }

    public boolean exactlyOnce() {
        return guarantee.startsWith("exactly_once");
    }

    public String label() {
        return (exactlyOnce() ? "EOS" : "at-least-once") + ", commit " + commitMs + " ms";
    }

    public Map<String, String> env() {
        return Map.of("PROCESSOR_GUARANTEE", guarantee, "PROCESSOR_COMMIT_INTERVAL", commitMs + "ms");
    }
}

package dev.pulse.processor.alert;

import dev.pulse.common.alert.ThresholdException;
import dev.pulse.common.alert.ThresholdSet;
import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The threshold rules of every engine: the fleet-wide ones ({@code ALERT_THRESHOLDS}) under those of each engine's
 * profile and then the engine's own (the {@code thresholds:} of the engines file in {@code ENGINES_FILE}). Read once at
 * start-up: the collector reloads the engines file, the processor does not (restart it to change thresholds).
 *
 * @param fleet the rules of every engine, also of engines the engines file does not list
 * @param engines the combined rules of each engine of the engines file that has any of its own or its profile's
 */
public record AlertRules(ThresholdSet fleet, Map<String, ThresholdSet> engines) {
    public static final AlertRules NONE = new AlertRules(ThresholdSet.EMPTY, Map.of());

    public AlertRules {
        Objects.requireNonNull(fleet, "fleet");
        engines = Map.copyOf(engines);
    }

    public static AlertRules fromEnv(Env env) {
        ThresholdSet fleet;
        try {
            fleet = ThresholdSet.parse(env.string("ALERT_THRESHOLDS", ""));
        } catch (ThresholdException e) {
            throw new ConfigException("ALERT_THRESHOLDS", e.expected(), e.entry());
        }
        Map<String, ThresholdSet> engines = env.raw("ENGINES_FILE")
                .map(Path::of)
                .map(file -> EnginesFileThresholds.read(file, fleet))
                .orElse(Map.of());
        return new AlertRules(fleet, engines);
    }

    /** The rules of one engine. */
    public ThresholdSet forEngine(String engineId) {
        return engines.getOrDefault(engineId, fleet);
    }

    /** Whether any engine has any rule: without, the evaluator has nothing to do. */
    public boolean isEmpty() {
        return fleet.isEmpty() && engines.values().stream().allMatch(ThresholdSet::isEmpty);
    }
}

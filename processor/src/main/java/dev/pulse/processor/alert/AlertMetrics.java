package dev.pulse.processor.alert;

import dev.pulse.common.model.Alert;
import dev.pulse.common.model.AlertLevel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code pulse_processor_alerts_total{transition,level}}: threshold transitions written to engine.alerts. */
public final class AlertMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void transition(Alert.Transition transition, AlertLevel level) {
        counters.computeIfAbsent(
                        transition.wireName() + "|" + level.wireName(),
                        k -> Counter.builder("pulse.processor.alerts")
                                .description("threshold transitions written (level = the level reached)")
                                .tags("transition", transition.wireName(), "level", level.wireName())
                                .register(registry))
                .increment();
    }
}

package dev.pulse.processor.alert;

import dev.pulse.common.model.Alert;
import dev.pulse.processor.stream.StreamOutput;
import java.util.Set;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/** Supplies the {@link AlertEvaluator} together with the store it owns. */
public final class AlertEvaluation {
    private AlertEvaluation() {}

    public static ProcessorSupplier<String, StreamOutput, String, Alert> supplier(
            AlertRules rules, AlertMetrics metrics) {
        return new ProcessorSupplier<>() {
            @Override
            public AlertEvaluator get() {
                return new AlertEvaluator(rules, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(AlertStore.builder());
            }
        };
    }
}

package dev.pulse.deploy;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips, with the reason, the tests that TestcontainersKafkaIT selects when its {@code @BeforeSuite} found no Docker
 * engine (or {@code PULSE_DOCKER_TESTS=0}): an aborted {@code @BeforeSuite} is reported as an error, not a skip.
 * Registered through META-INF/services, which only that suite turns on (extension auto-detection).
 */
public final class SkipWithoutDocker implements ExecutionCondition {
    private static volatile String reason;

    /** Every test of the suite is skipped for this reason from now on. */
    static void skipAll(String why) {
        reason = why;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return Optional.ofNullable(reason)
                .map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("a Docker engine answers"));
    }
}

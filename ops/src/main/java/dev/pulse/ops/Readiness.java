package dev.pulse.ops;

import java.util.Optional;

/** Whether a service can do its job now; when not, why. */
@FunctionalInterface
public interface Readiness {
    /** Empty when ready, else the reason it is not. */
    Optional<String> notReadyReason();
}

package dev.pulse.collector.poll;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/** Why a call to an engine failed, as the {@code cause} tag of the failure metric and in status errors. */
public enum FailureCause {
    REFUSED,
    TIMEOUT,
    HTTP_5XX,
    HTTP_4XX,
    CIRCUIT_OPEN,
    IO,
    OTHER;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FailureCause of(Throwable failure) {
        Throwable e =
                failure instanceof PollDeadlineExceeded && failure.getCause() != null ? failure.getCause() : failure;
        return switch (e) {
            case PollDeadlineExceeded deadline -> TIMEOUT;
            case CallNotPermittedException open -> CIRCUIT_OPEN;
            case EngineHttpException http -> http.isServerError() ? HTTP_5XX : HTTP_4XX;
            case ConnectException refused -> REFUSED;
            case HttpTimeoutException timeout -> TIMEOUT;
            case TimeoutException timeout -> TIMEOUT;
            case IOException io -> IO;
            default -> OTHER;
        };
    }

    /**
     * Whether the failure says the engine is unwell: transport failures, timeouts and 5xx. These open the circuit and
     * are retried; a 4xx (our request is wrong) and an open circuit are not.
     */
    public static boolean isEngineFailure(Throwable e) {
        return switch (e) {
            case EngineHttpException http -> http.isServerError();
            case IOException io -> true;
            case TimeoutException timeout -> true;
            default -> false;
        };
    }

    /** A short operator-facing description: cause and message, no stack trace. */
    public static String describe(Throwable e) {
        // The time limiter's own message names its internals, not what happened.
        String message = e instanceof TimeoutException ? "no answer within the request timeout" : e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return of(e).tag() + ": " + message;
    }
}

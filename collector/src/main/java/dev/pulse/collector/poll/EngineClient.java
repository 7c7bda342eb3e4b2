package dev.pulse.collector.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.model.ReadingKind;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Asks one engine for one endpoint; the seam between the poller and where readings come from. */
@FunctionalInterface
public interface EngineClient {
    /**
     * The engine's answer for {@code kind} ({@link ReadingKind#STATUS} = its health check). Completes exceptionally on
     * a transport failure or an error status ({@link EngineHttpException}); a 200 with a body that is not JSON
     * completes normally with the body as a text node.
     */
    CompletableFuture<JsonNode> fetch(ReadingKind kind, Duration timeout);
}

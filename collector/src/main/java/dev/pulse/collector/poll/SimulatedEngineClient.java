package dev.pulse.collector.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.model.ReadingKind;
import dev.pulse.engine.model.EngineModel;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The {@code simulated} mode: answers from the simulator's model in this process, no HTTP. */
public final class SimulatedEngineClient implements EngineClient {
    private final EngineModel model;
    private final Clock clock;

    public SimulatedEngineClient(EngineModel model, Clock clock) {
        this.model = model;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<JsonNode> fetch(ReadingKind kind, Duration timeout) {
        return CompletableFuture.completedFuture(model.reading(kind, clock.instant()));
    }
}

package dev.pulse.simulator.model;

import dev.pulse.common.model.EngineId;
import dev.pulse.engine.model.EngineModel;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every engine a simulator serves, each its own {@link EngineModel}, created on first use. */
public final class EngineFleet {
    /** Engines are created by whoever asks; the cap keeps a careless client from growing memory. */
    static final int MAX_ENGINES = 1_000;

    private final long seed;
    private final Clock clock;
    private final Map<String, EngineModel> engines = new ConcurrentHashMap<>();

    public EngineFleet(long seed, Clock clock) {
        this.seed = seed;
        this.clock = clock;
    }

    /** The engine with this id; empty model slots are filled on demand up to a fixed cap. */
    public EngineModel engine(String engineId) {
        if (!EngineId.isValid(engineId)) {
            throw new IllegalArgumentException("engine id must match " + EngineId.RULE.pattern() + ": " + engineId);
        }
        EngineModel existing = engines.get(engineId);
        if (existing != null) {
            return existing;
        }
        if (engines.size() >= MAX_ENGINES) {
            throw new IllegalStateException("the simulator serves at most " + MAX_ENGINES + " engines");
        }
        return engines.computeIfAbsent(engineId, id -> new EngineModel(id, seed, clock.instant()));
    }

    public List<String> engineIds() {
        return engines.keySet().stream().sorted().toList();
    }
}

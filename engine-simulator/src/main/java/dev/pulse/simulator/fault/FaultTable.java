package dev.pulse.simulator.fault;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The fault currently injected into each engine, if any. */
public final class FaultTable {
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();

    public void inject(String engineId, Fault fault) {
        faults.put(engineId, fault);
    }

    /** Clears the engine's fault; true if there was one. */
    public boolean clear(String engineId) {
        return faults.remove(engineId) != null;
    }

    public Optional<Fault> faultOf(String engineId) {
        return Optional.ofNullable(faults.get(engineId));
    }

    public Map<String, Fault> all() {
        return new TreeMap<>(faults);
    }
}

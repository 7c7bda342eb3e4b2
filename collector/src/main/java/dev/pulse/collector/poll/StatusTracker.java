package dev.pulse.collector.poll;

import dev.pulse.common.json.Json;
import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.EngineStatus;
import dev.pulse.common.model.ReadingKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's view of one engine. On every change of state (and for the first state known) it emits a
 * {@code status} reading and logs one line; polls that change nothing emit nothing.
 */
public final class StatusTracker {
    private static final Logger LOG = LoggerFactory.getLogger(StatusTracker.class);

    private final String engineId;
    private final Sequencer sequencer;
    private final ReadingSink sink;
    private final Clock clock;
    private volatile EngineStatus current;
    /** When the engine stopped being UP: recovery logs the whole outage, not just its last state. */
    private Instant outageStart;

    public StatusTracker(String engineId, Sequencer sequencer, ReadingSink sink, Clock clock) {
        this.engineId = engineId;
        this.sequencer = sequencer;
        this.sink = sink;
        this.clock = clock;
    }

    /** Whether the engine was retired: its poller must produce nothing more. */
    public boolean retired() {
        EngineStatus status = current;
        return status != null && status.state() == EngineState.RETIRED;
    }

    /** The last state seen, or null before the first poll finished. */
    public EngineStatus current() {
        return current;
    }

    /**
     * Records the state a poll found; a change emits a status reading. Once {@link EngineState#RETIRED} nothing more is
     * emitted: a poll that was still running when the engine was removed cannot bring it back.
     */
    public synchronized void observe(EngineState state, String error) {
        EngineStatus previous = current;
        if (previous != null && (previous.state() == state || previous.state() == EngineState.RETIRED)) {
            return;
        }
        Instant now = clock.instant();
        EngineStatus next = new EngineStatus(state, state == EngineState.UP ? null : error, now);
        current = next;
        if (state != EngineState.UP && (previous == null || previous.state() == EngineState.UP)) {
            outageStart = now;
        }
        sink.accept(
                sequencer.next(engineId, ReadingKind.STATUS, now, Json.mapper().valueToTree(next)));
        if (previous == null) {
            LOG.info("engine state known engine={} state={} error={}", engineId, state, next.error());
        } else if (state == EngineState.RETIRED) {
            LOG.info("engine retired engine={} from={} reason=\"{}\"", engineId, previous.state(), next.error());
        } else if (state == EngineState.UP) {
            LOG.info(
                    "engine recovered engine={} from={} outage={}ms",
                    engineId,
                    previous.state(),
                    Duration.between(outageStart, now).toMillis());
        } else {
            LOG.warn(
                    "engine state changed engine={} from={} to={} error=\"{}\"",
                    engineId,
                    previous.state(),
                    state,
                    Objects.toString(next.error(), ""));
        }
    }
}

package dev.pulse.processor.alert;

import dev.pulse.common.alert.FieldThresholds;
import dev.pulse.common.alert.Threshold;
import dev.pulse.common.model.ActiveAlert;
import dev.pulse.common.model.Alert;
import dev.pulse.common.model.AlertLevel;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamValues;
import dev.pulse.processor.stream.StreamOutput;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges each LIVE event against its engine's thresholds and writes the transitions only: a breach when a field's level
 * rises, a clear when it falls (a record value of {@link Alert}; unchanged levels write nothing). STALE and FALLBACK
 * events leave the levels as they are (no reading says otherwise). A RETIRED event clears each active alert of the
 * engine, then a tombstone (null) removes the engine from the compacted topic and its state is deleted.
 */
final class AlertEvaluator implements Processor<String, StreamOutput, String, Alert> {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);
    static final String RETIRED_REASON = "engine retired";
    static final String REMOVED_REASON = "no threshold for the field any more";

    private final AlertRules rules;
    private final boolean noRules;
    private final AlertMetrics metrics;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, EngineAlerts> store;
    /** The working copy of the store, read once at init (as the stream processor does; see there why). */
    private final Map<String, EngineAlerts> states = new HashMap<>();

    AlertEvaluator(AlertRules rules, AlertMetrics metrics) {
        this.rules = rules;
        this.noRules = rules.isEmpty();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.store = context.getStateStore(AlertStore.NAME);
        states.clear();
        try (KeyValueIterator<String, EngineAlerts> all = store.all()) {
            all.forEachRemaining(entry -> states.put(entry.key, entry.value));
        }
    }

    @Override
    public void process(Record<String, StreamOutput> record) {
        StreamEvent<StreamValues> event = record.value().event();
        if (event == null) {
            return; // the tombstone after RETIRED: the RETIRED event itself did the work
        }
        switch (event.status()) {
            case LIVE -> judge(record.key(), event, record.timestamp());
            case RETIRED -> retire(record.key(), event, record.timestamp());
            case STALE, FALLBACK -> {
                // No new reading: the levels stand.
            }
        }
    }

    private void judge(String engineId, StreamEvent<StreamValues> event, long timestamp) {
        if (noRules && states.isEmpty()) {
            return; // nothing configured and nothing left to clear: the common case costs nothing
        }
        List<FieldThresholds> fields = rules.forEngine(engineId).of(event.stream());
        EngineAlerts state = states.get(engineId);
        if (fields.isEmpty() && state == null) {
            return;
        }
        EngineAlerts current = state == null ? EngineAlerts.NONE : state;
        Map<String, Double> values = event.values().numericFields();
        for (FieldThresholds field : fields) {
            Double value = values.get(field.field());
            if (value == null) {
                continue;
            }
            Optional<ActiveAlert> active = current.find(event.stream(), field.field());
            AlertLevel was = active.map(ActiveAlert::level).orElse(AlertLevel.OK);
            AlertLevel now = field.levelOf(value);
            if (now == was) {
                continue;
            }
            Threshold decided = now.compareTo(was) > 0 ? field.rule(now) : field.rule(was);
            ActiveAlert next = now == AlertLevel.OK
                    ? null
                    : new ActiveAlert(
                            engineId,
                            event.stream(),
                            field.field(),
                            now,
                            field.rule(now).operator().symbol(),
                            field.rule(now).bound(),
                            value,
                            active.map(ActiveAlert::since).orElse(event.emittedAt()));
            current = current.with(event.stream(), field.field(), next);
            String operator = decided == null
                    ? active.orElseThrow().operator()
                    : decided.operator().symbol();
            double bound = decided == null ? active.orElseThrow().bound() : decided.bound();
            forward(engineId, event, field.field(), was, now, operator, bound, value, null, current, timestamp);
        }
        // An active alert whose rule is gone (thresholds changed across a restart) must not stay forever.
        for (ActiveAlert stale : current.active()) {
            if (stale.stream() == event.stream()
                    && fields.stream().noneMatch(f -> f.field().equals(stale.field()))) {
                current = current.with(stale.stream(), stale.field(), null);
                Double value = values.get(stale.field());
                forward(
                        engineId,
                        event,
                        stale.field(),
                        stale.level(),
                        AlertLevel.OK,
                        stale.operator(),
                        stale.bound(),
                        value,
                        REMOVED_REASON,
                        current,
                        timestamp);
            }
        }
        // An engine gets an entry with its first transition, never for readings within bounds.
        if (!current.equals(state == null ? EngineAlerts.NONE : state)) {
            put(engineId, current);
        }
    }

    private void forward(
            String engineId,
            StreamEvent<StreamValues> event,
            String field,
            AlertLevel was,
            AlertLevel now,
            String operator,
            double bound,
            Double value,
            String reason,
            EngineAlerts after,
            long timestamp) {
        Alert.Transition transition = now.compareTo(was) > 0 ? Alert.Transition.BREACH : Alert.Transition.CLEAR;
        Alert alert = new Alert(
                engineId,
                event.stream(),
                field,
                transition,
                now,
                was,
                operator,
                bound,
                value,
                event.run(),
                event.sequence(),
                event.observedAt(),
                event.emittedAt(),
                reason,
                after.active());
        emit(alert, timestamp);
    }

    private void retire(String engineId, StreamEvent<StreamValues> event, long timestamp) {
        EngineAlerts state = states.remove(engineId);
        if (state == null) {
            return;
        }
        EngineAlerts current = state;
        Instant at = event.emittedAt();
        for (ActiveAlert active : state.active()) {
            current = current.with(active.stream(), active.field(), null);
            emit(
                    new Alert(
                            engineId,
                            active.stream(),
                            active.field(),
                            Alert.Transition.CLEAR,
                            AlertLevel.OK,
                            active.level(),
                            active.operator(),
                            active.bound(),
                            null,
                            0,
                            0,
                            null,
                            at,
                            RETIRED_REASON,
                            current.active()),
                    timestamp);
        }
        context.forward(new Record<String, Alert>(engineId, null, timestamp));
        store.delete(engineId);
    }

    private void emit(Alert alert, long timestamp) {
        context.forward(new Record<>(alert.engineId(), alert, timestamp));
        metrics.transition(alert.transition(), alert.level());
        LOG.info(
                "alert {} engine={} stream={} field={} level={} was={} value={} bound=\"{}{}\" reason=\"{}\"",
                alert.transition().wireName(),
                alert.engineId(),
                alert.stream().wireName(),
                alert.field(),
                alert.level().wireName(),
                alert.previous().wireName(),
                alert.value(),
                alert.operator(),
                alert.bound(),
                alert.reason());
    }

    private void put(String engineId, EngineAlerts state) {
        states.put(engineId, state);
        store.put(engineId, state);
    }
}

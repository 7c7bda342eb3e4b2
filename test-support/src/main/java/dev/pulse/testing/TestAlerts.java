package dev.pulse.testing;

import dev.pulse.common.model.ActiveAlert;
import dev.pulse.common.model.Alert;
import dev.pulse.common.model.AlertLevel;
import dev.pulse.common.model.StreamName;
import java.time.Instant;
import java.util.List;

/** Threshold transitions as the processor writes them to {@code engine.alerts}, for tests of their readers. */
public final class TestAlerts {
    private TestAlerts() {}

    /** A warning breach of {@code analytics.cpu_usage > 90} (at 93.5) on the engine, active from {@code at}. */
    public static Alert cpuBreach(String engine, Instant at) {
        ActiveAlert active =
                new ActiveAlert(engine, StreamName.ANALYTICS, "cpu_usage", AlertLevel.WARNING, ">", 90, 93.5, at);
        return new Alert(
                engine,
                StreamName.ANALYTICS,
                "cpu_usage",
                Alert.Transition.BREACH,
                AlertLevel.WARNING,
                AlertLevel.OK,
                ">",
                90,
                93.5,
                1,
                7,
                at,
                at,
                null,
                List.of(active));
    }

    /** The clear that follows a breach one second later: the engine has no active alert left. */
    public static Alert clearOf(Alert breach) {
        return new Alert(
                breach.engineId(),
                breach.stream(),
                breach.field(),
                Alert.Transition.CLEAR,
                AlertLevel.OK,
                breach.level(),
                breach.operator(),
                breach.bound(),
                40.0,
                breach.run(),
                breach.sequence() + 1,
                breach.at().plusSeconds(1),
                breach.at().plusSeconds(1),
                null,
                List.of());
    }
}

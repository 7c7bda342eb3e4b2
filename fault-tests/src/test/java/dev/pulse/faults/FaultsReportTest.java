package dev.pulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaultsReportTest {
    @Test
    void shouldRenderTheLatestLineOfEachScenarioInTheDocsOrder() {
        String table = FaultsReport.table(List.of(
                "2026-12-01T10:00:00Z FAULT slow-clients: p99WithMs=90 profile=default",
                "2026-12-01T09:00:00.123456Z FAULT engine-down: fallbackAfterMs=1500 profile=default",
                "not a figure line",
                "2026-12-01T11:00:00Z FAULT slow-clients: p99WithMs=80 statuses={400=3,404=1} profile=full"));

        assertThat(table.lines().skip(2).toList())
                .containsExactly(
                        "| 1 | engine-down | 2026-12-01T09:00:00Z | default | `fallbackAfterMs=1500` |",
                        "| 7 | slow-clients | 2026-12-01T11:00:00Z | full | `p99WithMs=80` `statuses={400=3,404=1}` |");
    }

    @Test
    void shouldReplaceOnlyTheTextBetweenTheMarkers() {
        String doc = "intro\n" + FaultsReport.BEGIN + "\nold figures\n" + FaultsReport.END + "\nafter\n";

        assertThat(FaultsReport.splice(doc, "| new |\n"))
                .isEqualTo("intro\n" + FaultsReport.BEGIN + "\n\n| new |\n\n" + FaultsReport.END + "\nafter\n");
    }

    @Test
    void shouldRefuseADocWithoutMarkers() {
        assertThatThrownBy(() -> FaultsReport.splice("no markers", "| new |\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fault-figures:begin");
    }
}

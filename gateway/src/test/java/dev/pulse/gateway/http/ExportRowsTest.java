package dev.pulse.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.StreamName;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExportRowsTest {
    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+1", "-1", "@A1", "\tx", "\rx"})
    void shouldPrefixATextCellThatASpreadsheetWouldRunWithAQuote(String text) {
        assertThat(ExportRows.Csv.escapeFormula(text)).isEqualTo("'" + text);
    }

    @Test
    void shouldLeaveOrdinaryTextAlone() {
        assertThat(ExportRows.Csv.escapeFormula("engine DOWN: refused")).isEqualTo("engine DOWN: refused");
        assertThat(ExportRows.Csv.escapeFormula("")).isEmpty();
    }

    @Test
    void shouldWriteNumbersAsNumbersAndQuoteTextWithSeparators() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportRows rows = ExportRows.of(ExportRequest.Format.CSV, EnumSet.of(StreamName.GRAPH), out);

        rows.start();
        rows.write(("{\"engine_id\":\"e-1\",\"stream\":\"graph\",\"status\":\"STALE\",\"run\":1,\"sequence\":2,"
                        + "\"observed_at\":\"2026-01-01T00:00:00Z\",\"emitted_at\":\"2026-01-01T00:00:01Z\","
                        + "\"age_ms\":1000,\"reason\":\"-a, \\\"b\\\"\",\"values\":{\"node_count\":-5,"
                        + "\"density\":0.5}}")
                .getBytes(StandardCharsets.UTF_8));
        rows.finish();

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\r\n");
        assertThat(lines[0])
                .isEqualTo("engine_id,stream,status,run,sequence,observed_at,emitted_at,age_ms,reason,node_count,"
                        + "edge_count,density,avg_degree,connected_components,largest_component");
        assertThat(lines[1])
                .isEqualTo("e-1,graph,STALE,1,2,2026-01-01T00:00:00Z,2026-01-01T00:00:01Z,1000,\"'-a, \"\"b\"\"\","
                        + "-5,,0.5,,,");
    }
}

package dev.pulse.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.StreamName;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Writes exported stream events, one per line: as CSV rows with a fixed header, or as the events' own JSON. */
public sealed interface ExportRows {
    /** Before the first record. */
    void start() throws IOException;

    /** One stream event as the topic holds it (the processor's JSON). */
    void write(byte[] eventJson) throws IOException;

    void finish() throws IOException;

    static ExportRows of(ExportRequest.Format format, Set<StreamName> streams, OutputStream out) {
        return switch (format) {
            case CSV -> new Csv(streams, out);
            case NDJSON -> new Ndjson(out);
        };
    }

    /** The events' JSON untouched, a newline after each. */
    record Ndjson(OutputStream out) implements ExportRows {
        @Override
        public void start() {}

        @Override
        public void write(byte[] eventJson) throws IOException {
            out.write(eventJson);
            out.write('\n');
        }

        @Override
        public void finish() throws IOException {
            out.flush();
        }
    }

    /**
     * RFC 4180 CSV: the event's own columns, then every value field of the streams exported (empty where a stream has
     * no such field or the event has no values). Text cells that a spreadsheet would run as a formula are escaped.
     */
    final class Csv implements ExportRows {
        private static final List<String> EVENT_COLUMNS = List.of(
                "engine_id", "stream", "status", "run", "sequence", "observed_at", "emitted_at", "age_ms", "reason");

        private final List<String> valueColumns;
        private final Writer out;

        Csv(Set<StreamName> streams, OutputStream out) {
            this.valueColumns = valueColumns(streams);
            this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        }

        @Override
        public void start() throws IOException {
            List<String> header = new ArrayList<>(EVENT_COLUMNS);
            header.addAll(valueColumns);
            out.write(String.join(",", header));
            out.write("\r\n");
        }

        @Override
        public void write(byte[] eventJson) throws IOException {
            JsonNode event = Json.mapper().readTree(eventJson);
            StringBuilder row = new StringBuilder();
            for (String column : EVENT_COLUMNS) {
                cell(row, event.get(column));
            }
            JsonNode values = event.get("values");
            for (String column : valueColumns) {
                cell(row, values == null ? null : values.get(column));
            }
            row.setLength(row.length() - 1);
            out.write(row.append("\r\n").toString());
        }

        @Override
        public void finish() throws IOException {
            out.flush();
        }

        private static void cell(StringBuilder row, JsonNode value) {
            if (value != null && !value.isNull()) {
                row.append(
                        value.isNumber() || value.isBoolean() ? value.asText() : quote(escapeFormula(value.asText())));
            }
            row.append(',');
        }

        /**
         * A text cell starting with {@code = + - @}, a tab or a carriage return is prefixed with {@code '}, so a
         * spreadsheet shows it as text instead of running it (CSV injection). Numbers are written as numbers and never
         * need it.
         */
        static String escapeFormula(String text) {
            if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
                return "'" + text;
            }
            return text;
        }

        static String quote(String text) {
            if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
                return text;
            }
            return '"' + text.replace("\"", "\"\"") + '"';
        }

        /** The values' fields in wire names (snake_case, as the shared mapper writes them), stream by stream. */
        private static List<String> valueColumns(Set<StreamName> streams) {
            Set<String> columns = new LinkedHashSet<>();
            PropertyNamingStrategies.NamingBase snake =
                    (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
            for (StreamName stream : StreamName.values()) {
                if (!streams.contains(stream)) {
                    continue;
                }
                for (RecordComponent component : stream.valuesType().getRecordComponents()) {
                    String name = snake.translate(component.getName());
                    if (!name.equals("timestamp")) { // the same as observed_at
                        columns.add(name);
                    }
                }
            }
            return List.copyOf(columns);
        }
    }
}

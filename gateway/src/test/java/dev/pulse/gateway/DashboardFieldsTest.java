package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.StreamName;
import dev.pulse.common.validate.ContractField;
import dev.pulse.common.validate.ContractFields;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page's table of fields (public/js/fields.js, which says how to show each value) names exactly the contract's
 * numeric fields of each stream (ContractFields, which the validator reads): a field added to one and not the other
 * would be dropped from the dashboard without a word, or shown from a value that never comes.
 */
class DashboardFieldsTest {
    private static final Pattern STREAM_BLOCK = Pattern.compile("(\\w+): \\[(.*?)\\]", Pattern.DOTALL);
    private static final Pattern KEY = Pattern.compile("key: '([a-z_]+)'");

    @Test
    void shouldShowEveryNumericFieldOfTheContractAndNoOther() throws IOException {
        String fields = fieldsTable();

        for (StreamName stream : StreamName.values()) {
            assertThat(keysOf(fields, stream.wireName()))
                    .as("fields.js for %s", stream.wireName())
                    .containsExactlyInAnyOrderElementsOf(ContractFields.of(stream).stream()
                            .filter(ContractField::isNumeric)
                            .map(ContractField::name)
                            .toList());
        }
    }

    private static String fieldsTable() throws IOException {
        try (InputStream in = DashboardFieldsTest.class.getResourceAsStream("/public/js/fields.js")) {
            assertThat(in).as("public/js/fields.js on the class path").isNotNull();
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int start = script.indexOf("export const FIELDS = {");
            assertThat(start).as("the FIELDS table in fields.js").isNotNegative();
            return script.substring(start, script.indexOf("};", start));
        }
    }

    private static List<String> keysOf(String table, String stream) {
        Matcher block = STREAM_BLOCK.matcher(table);
        while (block.find()) {
            if (block.group(1).equals(stream)) {
                List<String> keys = new ArrayList<>();
                Matcher key = KEY.matcher(block.group(2));
                while (key.find()) {
                    keys.add(key.group(1));
                }
                return keys;
            }
        }
        throw new AssertionError("no " + stream + " entry in fields.js's FIELDS");
    }
}

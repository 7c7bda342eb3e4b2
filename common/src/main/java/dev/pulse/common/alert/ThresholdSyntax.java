package dev.pulse.common.alert;

import dev.pulse.common.model.AlertLevel;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.validate.ContractField;
import dev.pulse.common.validate.ContractFields;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one threshold entry: {@code <stream>.<field><op><bound>:<level>} ({@code analytics.cpu_usage>90:warning}) or
 * {@code <stream>.<field>:off}; blanks around the parts are allowed. The one grammar of {@code ALERT_THRESHOLDS} and of
 * the engines file's {@code thresholds:} (docs/processor.md, "Alerts").
 */
public final class ThresholdSyntax {
    public static final String FORM =
            "<stream>.<field><op><bound>:<level> such as analytics.cpu_usage>90:warning, or " + "<stream>.<field>:off";

    private static final Pattern ENTRY = Pattern.compile("([\\w.]+)\\s*([^\\w.\\s:-]*)\\s*([^:]*?)\\s*:\\s*(\\S+)");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final List<String> OPERATORS = Arrays.stream(ThresholdOperator.values())
            .map(ThresholdOperator::symbol)
            .toList();

    private ThresholdSyntax() {}

    /** A rule, or the rules of a field switched off ({@link FieldThresholds#isOff()}) as a field without rules. */
    public sealed interface Entry {}

    public record Rule(Threshold threshold) implements Entry {}

    public record Off(StreamName stream, String field) implements Entry {}

    public static Entry parse(String text) throws ThresholdException {
        String entry = text.strip();
        Matcher m = ENTRY.matcher(entry);
        if (!m.matches()) {
            throw new ThresholdException(entry, FORM);
        }
        String name = m.group(1);
        int dot = name.indexOf('.');
        if (dot < 0) {
            throw new ThresholdException(entry, "a field as <stream>.<field>, e.g. analytics.cpu_usage");
        }
        StreamName stream = StreamName.parse(name.substring(0, dot))
                .orElseThrow(() -> new ThresholdException(
                        entry,
                        "a stream of "
                                + Arrays.stream(StreamName.values())
                                        .map(StreamName::wireName)
                                        .toList()));
        String fieldName = name.substring(dot + 1);
        ContractField field = ContractFields.find(stream, fieldName)
                .filter(ContractField::isNumeric)
                .orElseThrow(() -> new ThresholdException(
                        entry, "a numeric field of " + stream.wireName() + ": " + numericFields(stream)));
        String operator = m.group(2);
        String bound = m.group(3);
        String level = m.group(4);
        if (operator.isEmpty() && bound.isEmpty()) {
            if (!level.equals("off")) {
                throw new ThresholdException(entry, "'off' after a field without a bound (" + FORM + ")");
            }
            return new Off(stream, field.name());
        }
        ThresholdOperator op = ThresholdOperator.parse(operator)
                .orElseThrow(() -> new ThresholdException(entry, "an operator of " + OPERATORS));
        if (!NUMBER.matcher(bound).matches()) {
            throw new ThresholdException(entry, "a decimal number as the bound, e.g. 90 or 0.5");
        }
        double value = Double.parseDouble(bound);
        if (value < field.min() || value > field.max()) {
            throw new ThresholdException(
                    entry,
                    "a bound within the range of " + field.name() + " (" + number(field.min()) + " to "
                            + number(field.max()) + ")");
        }
        AlertLevel alertLevel = AlertLevel.parse(level)
                .filter(l -> l != AlertLevel.OK)
                .orElseThrow(() -> new ThresholdException(entry, "a level of [warning, critical]"));
        return new Rule(new Threshold(stream, field.name(), op, value, alertLevel));
    }

    private static String numericFields(StreamName stream) {
        return ContractFields.of(stream).stream()
                .filter(ContractField::isNumeric)
                .map(ContractField::name)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** A bound as written back: no trailing {@code .0}, no exponent for ordinary figures. */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}

package dev.pulse.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders {@code target/fault-figures.txt} (every line {@link Figures} wrote) as a Markdown table: the latest line of
 * each scenario, with when it was measured and in which profile. Written to {@code target/fault-figures.md} after each
 * scenario; with {@code -Dfaults.docs=true} also into docs/faults.md between its markers, so the figures there come
 * from a run and are never copied by hand.
 */
final class FaultsReport {
    static final String BEGIN = "<!-- fault-figures:begin (written by the fault suite: -Dfaults.docs=true) -->";
    static final String END = "<!-- fault-figures:end -->";

    /** Scenario names in the order of docs/faults.md's table. */
    private static final List<String> ORDER = List.of(
            "engine-down",
            "garbage-engine",
            "broker-restart",
            "processor-kill",
            "processor-scale-out",
            "gateway-failover",
            "slow-clients",
            "hostile-http",
            "hostile-raw-topic",
            "bad-config",
            "collector-kill",
            "fleet-silence",
            "half-open-sockets",
            "dns-rebinding",
            "jwt-tokens",
            "replay-flood",
            "engine-cap",
            "leader-kill",
            "rolling-restart",
            "two-brokers-down",
            "secured-pipeline",
            "secured-refusals");

    private FaultsReport() {}

    record Measured(String at, String scenario, Map<String, String> figures) {
        /** Parses {@code <instant> FAULT <scenario>: key=value ...}; null for any other line. */
        static Measured parse(String line) {
            String[] words = line.strip().split(" ");
            if (words.length < 3 || !words[1].equals("FAULT") || !words[2].endsWith(":")) {
                return null;
            }
            Map<String, String> figures = new LinkedHashMap<>();
            Arrays.stream(words).skip(3).forEach(pair -> {
                int eq = pair.indexOf('=');
                figures.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            });
            return new Measured(seconds(words[0]), words[2].substring(0, words[2].length() - 1), figures);
        }

        private static String seconds(String instant) {
            try {
                return Instant.parse(instant).truncatedTo(ChronoUnit.SECONDS).toString();
            } catch (DateTimeParseException e) {
                return instant;
            }
        }
    }

    static void render(Path figuresFile) {
        try {
            String table = table(Files.readAllLines(figuresFile, StandardCharsets.UTF_8));
            Files.writeString(figuresFile.resolveSibling("fault-figures.md"), table, StandardCharsets.UTF_8);
            if (Boolean.getBoolean("faults.docs")) {
                Path docs = Path.of(System.getProperty("pulse.home", ".."), "docs", "faults.md");
                Files.writeString(docs, splice(Files.readString(docs, StandardCharsets.UTF_8), table));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + figuresFile, e);
        }
    }

    static String table(List<String> lines) {
        Map<String, Measured> latest = new LinkedHashMap<>();
        for (String line : lines) {
            Measured m = Measured.parse(line);
            if (m != null) {
                latest.put(m.scenario(), m);
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("| # | scenario | measured at (UTC) | profile | figures |\n|---|---|---|---|---|\n");
        latest.values().stream()
                .sorted((a, b) -> Integer.compare(rank(a.scenario()), rank(b.scenario())))
                .forEach(m -> {
                    Map<String, String> figures = new LinkedHashMap<>(m.figures());
                    String profile = figures.remove("profile");
                    md.append("| ")
                            .append(rank(m.scenario()) + 1)
                            .append(" | ")
                            .append(m.scenario())
                            .append(" | ")
                            .append(m.at())
                            .append(" | ")
                            .append(profile)
                            .append(" | ")
                            .append(figures.entrySet().stream()
                                    .map(e -> "`" + e.getKey() + "="
                                            + e.getValue().replace("|", "\\|") + "`")
                                    .collect(Collectors.joining(" ")))
                            .append(" |\n");
                });
        return md.toString();
    }

    /** docs/faults.md with the text between its markers replaced by {@code table}. */
    static String splice(String doc, String table) {
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("docs/faults.md has no " + BEGIN + " … " + END + " section");
        }
        return doc.substring(0, begin + BEGIN.length()) + "\n\n" + table + "\n" + doc.substring(end);
    }

    private static int rank(String scenario) {
        int i = ORDER.indexOf(scenario);
        return i < 0 ? ORDER.size() : i;
    }
}

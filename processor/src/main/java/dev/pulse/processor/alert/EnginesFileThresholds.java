package dev.pulse.processor.alert;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pulse.common.alert.ThresholdException;
import dev.pulse.common.alert.ThresholdSet;
import dev.pulse.common.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The {@code thresholds:} of the collector's engines file, and nothing else of it: the collector owns the file and
 * checks every other key (docs/collector.md), so other keys are ignored here, not judged. An error names the file, the
 * engine or profile and the entry, as the collector's errors do.
 */
final class EnginesFileThresholds {
    /** The collector's own limit: the file is configuration, not data. */
    private static final long MAX_BYTES = 4L * 1024 * 1024;

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final String BUILT_IN_PROFILE = "builtin";

    private EnginesFileThresholds() {}

    /** The combined rules (fleet, then profile, then engine) of each engine of the file, by engine id. */
    static Map<String, ThresholdSet> read(Path file, ThresholdSet fleet) {
        JsonNode root = tree(file);
        Map<String, ThresholdSet> profiles = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("profiles").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> profile = it.next();
            profiles.put(
                    profile.getKey(),
                    thresholds(
                            file,
                            "profile '" + profile.getKey() + "'",
                            profile.getValue().path("thresholds")));
        }
        Map<String, ThresholdSet> engines = new HashMap<>();
        int index = 0;
        for (JsonNode engine : root.path("engines")) {
            String id = engine.path("id").asText("engines[" + index + "]");
            String profile = engine.path("profile").asText(BUILT_IN_PROFILE);
            ThresholdSet own = thresholds(file, "engine '" + id + "'", engine.path("thresholds"));
            ThresholdSet combined =
                    own.over(profiles.getOrDefault(profile, ThresholdSet.EMPTY).over(fleet));
            engines.put(id, combined);
            index++;
        }
        return engines;
    }

    private static JsonNode tree(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException("ENGINES_FILE", "a file of at most " + MAX_BYTES + " bytes", file.toString());
            }
            JsonNode root = YAML.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new ConfigException("ENGINES_FILE " + file, "a mapping with 'engines'", String.valueOf(root));
            }
            return root;
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new ConfigException("ENGINES_FILE " + file, "a readable YAML or JSON file", message);
        }
    }

    private static ThresholdSet thresholds(Path file, String where, JsonNode node) {
        try {
            return ThresholdSet.parse(node);
        } catch (ThresholdException e) {
            throw new ConfigException("ENGINES_FILE " + file + " (" + where + ", thresholds)", e.expected(), e.entry());
        }
    }
}

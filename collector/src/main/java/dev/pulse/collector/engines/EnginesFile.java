package dev.pulse.collector.engines;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pulse.collector.EngineTarget;
import dev.pulse.common.alert.ThresholdException;
import dev.pulse.common.alert.ThresholdSet;
import dev.pulse.common.config.Env;
import dev.pulse.common.model.EngineId;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.validate.ContractField;
import dev.pulse.common.validate.ContractFields;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an engines file ({@code ENGINES_FILE}, YAML or JSON): the engines to watch and the profiles that say how to
 * read them. Every key is checked, so a typo is an error naming the file, the place and what was expected, never a
 * silently ignored setting. The file's format is documented in docs/collector.md.
 */
public final class EnginesFile {
    /** The largest engines file read: it is configuration, not data. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;

    // A key given twice is an error, not "the last one wins".
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final List<String> METHODS = List.of("GET", "POST");
    /** Jackson accepts a ~ followed by anything; RFC 6901 allows only ~0 and ~1. */
    private static final Pattern BAD_ESCAPE = Pattern.compile("~(?![01])");

    private final Path file;
    private final Env env;

    private EnginesFile(Path file, Env env) {
        this.file = file;
        this.env = env;
    }

    /** Every engine of the file, in file order; header values from {@code ${NAME}} are read from {@code env}. */
    public static List<EngineTarget> load(Path file, Env env) throws EnginesFileException {
        return new EnginesFile(file, env).read();
    }

    private List<EngineTarget> read() throws EnginesFileException {
        JsonNode root;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw error("", "a file of at most " + MAX_BYTES + " bytes", Long.toString(Files.size(file)));
            }
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw error("", "a readable YAML or JSON file", message);
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw error("", "a mapping with 'engines' (and optionally 'profiles')", String.valueOf(root));
        }
        keys(root, "", "profiles", "engines");
        Map<String, Profile> profiles = profiles(root.path("profiles"));
        JsonNode engines = root.get("engines");
        if (engines == null || !engines.isArray()) {
            throw error("", "a list 'engines' (it may be empty: [])", String.valueOf(engines));
        }
        List<EngineTarget> targets = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < engines.size(); i++) {
            EngineTarget target = engine(engines.get(i), i, profiles);
            if (!ids.add(target.engineId())) {
                throw error("engine '" + target.engineId() + "'", "each engine id once", "a second engine with it");
            }
            targets.add(target);
        }
        return targets;
    }

    private Map<String, Profile> profiles(JsonNode node) throws EnginesFileException {
        Map<String, Profile> profiles = new HashMap<>();
        profiles.put(Profile.BUILT_IN_NAME, Profile.BUILT_IN);
        if (node.isMissingNode() || node.isNull()) {
            return profiles;
        }
        if (!node.isObject()) {
            throw error("profiles", "a mapping of profile name to profile", node.toString());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            if (name.equals(Profile.BUILT_IN_NAME)) {
                throw error("profile '" + name + "'", "another name (builtin is the built-in profile)", name);
            }
            profiles.put(name, profile(name, entry.getValue()));
        }
        return profiles;
    }

    private Profile profile(String name, JsonNode node) throws EnginesFileException {
        String where = "profile '" + name + "'";
        object(node, where);
        keys(node, where, "health", "headers", "analytics", "memory", "graph", "thresholds");
        thresholds(node, where);
        List<Header> common = headers(node.path("headers"), where + ", headers");
        Endpoint health = Profile.BUILT_IN.health();
        if (node.has("health")) {
            health = endpoint(node.get("health"), where + ", health", health.path(), "path", "method", "headers");
        }
        Map<StreamName, StreamMapping> streams = new EnumMap<>(StreamName.class);
        for (StreamName stream : StreamName.values()) {
            JsonNode streamNode = node.get(stream.wireName());
            streams.put(
                    stream,
                    streamNode == null
                            ? StreamMapping.builtIn(stream)
                            : stream(stream, streamNode, where + ", " + stream.wireName()));
        }
        return new Profile(name, health, streams).withHeaders(common);
    }

    private StreamMapping stream(StreamName stream, JsonNode node, String where) throws EnginesFileException {
        object(node, where);
        Endpoint endpoint =
                endpoint(node, where, stream.source().defaultPath(), "path", "method", "headers", "body", "fields");
        JsonNode fieldsNode = node.path("fields");
        if (!fieldsNode.isMissingNode() && !fieldsNode.isObject()) {
            throw error(where + ", fields", "a mapping of contract field to pointer", fieldsNode.toString());
        }
        List<String> known =
                ContractFields.of(stream).stream().map(ContractField::name).toList();
        for (Iterator<String> names = fieldsNode.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw error(
                        where + " field '" + name + "'",
                        "a contract field of " + stream.wireName() + ": " + known,
                        name);
            }
        }
        List<FieldMapping> fields = new ArrayList<>();
        for (ContractField field : ContractFields.of(stream)) {
            JsonNode fieldNode = fieldsNode.get(field.name());
            fields.add(
                    fieldNode == null
                            ? FieldMapping.identity(field)
                            : field(field, fieldNode, where + " field '" + field.name() + "'"));
        }
        return new StreamMapping(stream, endpoint, fields);
    }

    private FieldMapping field(ContractField field, JsonNode node, String where) throws EnginesFileException {
        if (node.isTextual()) {
            return new FieldMapping(field, pointer(node, where), 1, true, null);
        }
        object(node, where);
        keys(node, where, "pointer", "scale", "required", "default");
        if (!node.has("pointer")) {
            throw error(where, "a 'pointer' (a JSON Pointer such as /data/metrics/cpu)", node.toString());
        }
        JsonPointer pointer = pointer(node.get("pointer"), where + ", pointer");
        double scale = node.has("scale") ? scale(field, node.get("scale"), where + ", scale") : 1;
        JsonNode required = node.path("required");
        if (!required.isMissingNode() && !required.isBoolean()) {
            throw error(where + ", required", "true or false", required.toString());
        }
        boolean isRequired = required.asBoolean(true);
        JsonNode fallback = node.get("default");
        if (isRequired && fallback != null) {
            throw error(where + ", default", "no default for a required field (set required: false)", "a default");
        }
        if (!isRequired && fallback == null) {
            throw error(
                    where,
                    "a 'default' for an optional field"
                            + (field.type() == ContractField.Type.TIMESTAMP ? " (collected = the receive time)" : ""),
                    "required: false without one");
        }
        if (fallback != null) {
            fallback = fallback(field, fallback, where + ", default");
        }
        return new FieldMapping(field, pointer, scale, isRequired, fallback);
    }

    private JsonNode fallback(ContractField field, JsonNode node, String where) throws EnginesFileException {
        if (field.type() == ContractField.Type.TIMESTAMP) {
            if (!node.isTextual() || !node.textValue().equals("collected")) {
                throw error(where, "collected (the time the collector received the answer)", node.toString());
            }
            return FieldMapping.COLLECTED;
        }
        if (!node.isNumber()) {
            throw error(where, "a number", node.toString());
        }
        return node;
    }

    private double scale(ContractField field, JsonNode node, String where) throws EnginesFileException {
        if (field.type() == ContractField.Type.TIMESTAMP) {
            throw error(where, "no scale on a timestamp", node.toString());
        }
        if (node.isNumber() && Double.isFinite(node.doubleValue()) && node.doubleValue() > 0) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            var named = Scales.named(node.textValue());
            if (named.isPresent()) {
                return named.get();
            }
        }
        throw error(where, "a positive number or one of " + Scales.NAMED.keySet(), node.toString());
    }

    private JsonPointer pointer(JsonNode node, String where) throws EnginesFileException {
        String expected = "a JSON Pointer such as /data/metrics/cpu (RFC 6901: starts with /, ~0 and ~1 escapes)";
        if (!node.isTextual()
                || !node.textValue().startsWith("/")
                || BAD_ESCAPE.matcher(node.textValue()).find()) {
            throw error(where, expected, node.isTextual() ? node.textValue() : node.toString());
        }
        try {
            return JsonPointer.compile(node.textValue());
        } catch (IllegalArgumentException e) {
            throw error(where, expected, node.textValue());
        }
    }

    private Endpoint endpoint(JsonNode node, String where, String defaultPath, String... allowed)
            throws EnginesFileException {
        object(node, where);
        keys(node, where, allowed);
        String path = text(node, "path", where, defaultPath);
        if (!path.startsWith("/")) {
            throw error(where + ", path", "a path starting with / (appended to the engine's url)", path);
        }
        String method = text(node, "method", where, "GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw error(where + ", method", "one of " + METHODS, method);
        }
        String body = node.has("body") ? text(node, "body", where, null) : null;
        if (body != null && !method.equals("POST")) {
            throw error(where + ", body", "a body only with method POST", method);
        }
        return new Endpoint(path, method, headers(node.path("headers"), where + ", headers"), body);
    }

    private List<Header> headers(JsonNode node, String where) throws EnginesFileException {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isObject()) {
            throw error(
                    where,
                    "a mapping of header name to value",
                    node.getNodeType().toString());
        }
        List<Header> headers = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            String at = where + " '" + name + "'";
            if (!HeaderNames.isAllowed(name)) {
                throw error(at, "a header name the collector may set (not Host, Connection, Content-Length …)", name);
            }
            headers.add(new Header(name, headerValue(entry.getValue(), at)));
        }
        return headers;
    }

    /** A header's value; secrets come from the environment and are never echoed in an error. */
    private String headerValue(JsonNode node, String where) throws EnginesFileException {
        if (node.isObject()) {
            keys(node, where, "value_from_env");
            JsonNode variable = node.path("value_from_env");
            if (!variable.isTextual()) {
                throw error(where, "value_from_env: NAME of an environment variable", "no name");
            }
            return environment(variable.textValue(), where);
        }
        if (!node.isTextual()) {
            throw error(
                    where,
                    "a text value, ${NAME} or value_from_env: NAME",
                    node.getNodeType().toString());
        }
        Matcher matcher = ENV_REFERENCE.matcher(node.textValue());
        StringBuilder value = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(value, Matcher.quoteReplacement(environment(matcher.group(1), where)));
        }
        matcher.appendTail(value);
        return value.toString();
    }

    private String environment(String variable, String where) throws EnginesFileException {
        return env.raw(variable)
                .orElseThrow(() -> error(where, "environment variable " + variable + " to be set", "unset"));
    }

    private EngineTarget engine(JsonNode node, int index, Map<String, Profile> profiles) throws EnginesFileException {
        String where = "engines[" + index + "]";
        object(node, where);
        keys(node, where, "id", "url", "profile", "headers", "thresholds");
        String id = text(node, "id", where, null);
        if (id == null || !EngineId.isValid(id)) {
            throw error(where + ", id", "an engine id of " + EngineId.DESCRIPTION, String.valueOf(id));
        }
        where = "engine '" + id + "'";
        thresholds(node, where);
        String url = text(node, "url", where, null);
        URI baseUrl = url == null ? null : Env.parseHttpUri(url).orElse(null);
        if (baseUrl == null) {
            throw error(where + ", url", "an http(s) URL such as http://engine-7:8081", String.valueOf(url));
        }
        String profileName = text(node, "profile", where, Profile.BUILT_IN_NAME);
        Profile profile = profiles.get(profileName);
        if (profile == null) {
            List<String> names = profiles.keySet().stream().sorted().toList();
            throw error(where + ", profile", "a profile of this file: " + names, profileName);
        }
        return new EngineTarget(id, baseUrl, profile.withHeaders(headers(node.path("headers"), where + ", headers")));
    }

    /** The processor applies thresholds; the collector only refuses a file whose thresholds the processor would. */
    private void thresholds(JsonNode node, String where) throws EnginesFileException {
        try {
            ThresholdSet.parse(node.get("thresholds"));
        } catch (ThresholdException e) {
            throw error(where + ", thresholds", e.expected(), e.entry());
        }
    }

    private String text(JsonNode node, String key, String where, String defaultValue) throws EnginesFileException {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw error(where + ", " + key, "a text value", value.toString());
        }
        return value.asText();
    }

    private void object(JsonNode node, String where) throws EnginesFileException {
        if (!node.isObject()) {
            throw error(where, "a mapping", node.toString());
        }
    }

    private void keys(JsonNode node, String where, String... allowed) throws EnginesFileException {
        List<String> known = Arrays.asList(allowed);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw error(where.isEmpty() ? name : where + ", " + name, "one of the keys " + known, name);
            }
        }
    }

    private EnginesFileException error(String where, String expected, String actual) {
        return new EnginesFileException(file + (where.isEmpty() ? "" : " (" + where + ")"), expected, actual);
    }
}

package dev.pulse.collector;

import dev.pulse.collector.engines.EnginesFile;
import dev.pulse.collector.engines.EnginesFileException;
import dev.pulse.common.config.Env;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The engines file and the environment its header values are read from: what a reload reads again.
 *
 * @param file the path in {@code ENGINES_FILE}
 * @param env where {@code ${NAME}} and {@code value_from_env} look up header values
 */
public record EnginesSource(Path file, Env env) {
    public EnginesSource {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(env, "env");
    }

    public List<EngineTarget> load() throws EnginesFileException {
        return EnginesFile.load(file, env);
    }

    @Override
    public String toString() {
        // the environment holds secrets
        return file.toString();
    }
}

package dev.pulse.collector.engines;

import dev.pulse.common.config.ConfigException;

/**
 * What is wrong with an engines file, and where: the file, then the engine or profile, the stream and the field.
 * Start-up turns it into a configuration error (exit 2); a reload refuses the file and keeps the running set.
 */
public final class EnginesFileException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ConfigException asConfigError;

    /**
     * @param where the file and the place in it ({@code /etc/pulse/engines.yaml (profile 'nested', analytics field
     *     'cpu_usage')})
     * @param expected what the place must hold
     * @param actual what it holds
     */
    public EnginesFileException(String where, String expected, String actual) {
        this(new ConfigException("ENGINES_FILE " + where, expected, actual));
    }

    private EnginesFileException(ConfigException asConfigError) {
        super(asConfigError.getMessage(), null, false, false);
        this.asConfigError = asConfigError;
    }

    /** The same error as start-up reports it. */
    public ConfigException asConfigError() {
        return asConfigError;
    }
}

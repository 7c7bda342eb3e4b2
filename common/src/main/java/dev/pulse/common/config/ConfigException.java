package dev.pulse.common.config;

/** A setting with a value the service cannot start with. The message names the variable and the expected form. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String variable, String expected, String actual) {
        super(variable + ": expected " + expected + ", got '" + abbreviate(actual) + "'");
    }

    private static String abbreviate(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}

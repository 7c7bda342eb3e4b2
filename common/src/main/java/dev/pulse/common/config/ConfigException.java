package dev.pulse.common.config;

import static dev.pulse.common.text.Abbreviation.abbreviate;

/** A setting with a value the service cannot start with. The message names the variable and the expected form. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String variable, String expected, String actual) {
        super(variable + ": expected " + expected + ", got '" + abbreviate(actual, 60) + "'");
    }
}

package dev.pulse.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags services are deployed with, read from {@code config/jvm.options}: the one file that bin/service and the
 * Dockerfile hand to {@code java @file}. This module's jar carries a copy (the build puts it on the classpath), so the
 * harnesses need no checkout path to find it.
 */
public final class JvmOptions {
    private static final String RESOURCE = "jvm.options";

    private JvmOptions() {}

    /** The deployed flags, in the file's order. */
    public static List<String> deployed() {
        try (InputStream in = JvmOptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "no " + RESOURCE + " next to " + JvmOptions.class.getName() + " (config/jvm.options)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * The flags of a file in the JDK's argument-file format as this project writes it: whitespace-separated flags,
     * {@code #} to the end of a line is a comment (no quoted flags: none of ours has a space).
     */
    static List<String> parse(String text) {
        return text.lines()
                .map(line -> line.contains("#") ? line.substring(0, line.indexOf('#')) : line)
                .flatMap(line -> Arrays.stream(line.trim().split("\\s+")))
                .filter(flag -> !flag.isEmpty())
                .toList();
    }
}

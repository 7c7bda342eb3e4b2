package dev.pulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Facts of the build that the deployment files must agree with, read from the parent pom (their one home). */
final class ParentPom {
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    private ParentPom() {}

    static String kafkaVersion() {
        Matcher version =
                Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(text());
        if (!version.find()) {
            throw new IllegalStateException("no <kafka.version> in the parent pom");
        }
        return version.group(1);
    }

    static List<String> modules() {
        return Pattern.compile("<module>([^<]+)</module>")
                .matcher(text())
                .results()
                .map(m -> m.group(1))
                .toList();
    }

    private static String text() {
        try {
            return Files.readString(HOME.resolve("pom.xml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

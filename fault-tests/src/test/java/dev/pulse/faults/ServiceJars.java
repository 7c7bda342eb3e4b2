package dev.pulse.faults;

import dev.pulse.process.Service;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The packaged services as this run found them, copied once per test JVM into {@code target/services/<module>/target/}
 * (jar copied, libraries hard-linked). A scenario restarts a service many times; a rebuild of the checkout in the
 * meantime must not swap the jar under it.
 */
final class ServiceJars {
    private static Path home;

    private ServiceJars() {}

    /** A project home holding the services' packaged jars, as {@link Service#classpath(Path)} expects. */
    static synchronized Path home() {
        if (home == null) {
            home = snapshot(
                    Path.of(System.getProperty("pulse.home", ".."))
                            .toAbsolutePath()
                            .normalize(),
                    Path.of(System.getProperty("faults.services", "target/services"))
                            .toAbsolutePath());
        }
        return home;
    }

    private static Path snapshot(Path checkout, Path into) {
        try {
            for (Service service : Service.values()) {
                Path source = checkout.resolve(service.module()).resolve("target");
                String classpath = service.classpath(checkout); // fails with the usual hint when not packaged
                Path jar = Path.of(classpath.substring(0, classpath.indexOf(File.pathSeparator)));
                Path target = into.resolve(service.module()).resolve("target");
                Path lib = target.resolve("lib");
                Files.createDirectories(lib);
                for (Path dir : new Path[] {target, lib}) {
                    try (Stream<Path> old = Files.list(dir)) {
                        for (Path file :
                                old.filter(p -> p.toString().endsWith(".jar")).toList()) {
                            Files.delete(file);
                        }
                    }
                }
                Files.copy(jar, target.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                try (Stream<Path> libraries = Files.list(source.resolve("lib"))) {
                    for (Path library : libraries.toList()) {
                        Path link = lib.resolve(library.getFileName());
                        try {
                            Files.createLink(link, library);
                        } catch (IOException | UnsupportedOperationException e) {
                            Files.copy(library, link);
                        }
                    }
                }
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take a copy of the packaged services", e);
        }
    }
}

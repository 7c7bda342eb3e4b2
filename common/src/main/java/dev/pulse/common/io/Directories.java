package dev.pulse.common.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the scratch directories (broker logs, state, browser profiles) that the stack and its tests leave. */
public final class Directories {
    private Directories() {}

    /**
     * Deletes a directory and everything in it, deepest first, as far as it can: a file that cannot be deleted is left
     * and the rest still goes.
     *
     * @return true when nothing of it is left (also when it did not exist)
     */
    public static boolean deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A file vanished or could not be listed mid-walk: report by the result below.
        }
        return !Files.exists(dir);
    }
}

package dev.pulse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the test JVMs of the modules that start whole stacks apart while Maven builds modules in parallel
 * (.mvn/maven.config): each holds a lock on one file for its whole launcher session. Their compiling and packaging
 * still overlap. A module opts in with {@code pulse.it.stack.lock}:
 *
 * <ul>
 *   <li>{@code exclusive}: alone (system, browser and fault tests: their scenarios keep both cores busy or measure
 *       times, which a second stack beside them would stretch);
 *   <li>{@code shared}: beside other shared ones, never beside an exclusive one (bench's smoke run and the Docker
 *       tests, which judge no time of their own against a tight bound).
 * </ul>
 *
 * The lock is the operating system's, so a test JVM that dies releases it.
 */
public final class StackTestsLock implements LauncherSessionListener {
    static final String MODE = "pulse.it.stack.lock";
    static final String FILE = "pulse.it.stack.lock.file";
    private static final Logger LOG = LoggerFactory.getLogger(StackTestsLock.class);

    private FileChannel channel;
    private FileLock held;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String mode = System.getProperty(MODE, "none").toLowerCase(Locale.ROOT);
        if (mode.equals("none") || channel != null) {
            return;
        }
        if (!mode.equals("exclusive") && !mode.equals("shared")) {
            throw new IllegalArgumentException(MODE + ": expected none, exclusive or shared, got '" + mode + "'");
        }
        boolean shared = mode.equals("shared");
        Path file = Path.of(System.getProperty(FILE, "target/stack-tests.lock")).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            held = channel.tryLock(0, Long.MAX_VALUE, shared);
            if (held == null) {
                long since = System.nanoTime();
                LOG.info("waiting for another module's stack tests to end mode={} lock={}", mode, file);
                held = channel.lock(0, Long.MAX_VALUE, shared);
                LOG.info("stack tests may start mode={} waitedMs={}", mode, (System.nanoTime() - since) / 1_000_000);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the stack-tests lock " + file, e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (channel == null) {
            return;
        }
        try {
            channel.close(); // releases the lock
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the stack-tests lock", e);
        } finally {
            channel = null;
            held = null;
        }
    }

    /** The lock this session holds, or null. */
    FileLock heldLock() {
        return held;
    }
}

package dev.pulse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the test JVMs of the modules that start whole stacks (system, browser, fault, bench and deploy tests) run one at
 * a time while Maven builds modules in parallel (.mvn/maven.config): each takes a lock on one file for its whole
 * launcher session. Their scenarios keep both cores busy or measure times, which a second module's stack beside them
 * would stretch; their compiling and packaging still overlap. A module opts in with {@code pulse.it.exclusive=true};
 * the lock is the operating system's, so a test JVM that dies releases it.
 */
public final class StackTestsLock implements LauncherSessionListener {
    static final String ENABLED = "pulse.it.exclusive";
    static final String FILE = "pulse.it.exclusive.lock";
    private static final Logger LOG = LoggerFactory.getLogger(StackTestsLock.class);

    private FileChannel channel;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!Boolean.getBoolean(ENABLED) || channel != null) {
            return;
        }
        Path file = Path.of(System.getProperty(FILE, "target/stack-tests.lock")).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                long since = System.nanoTime();
                LOG.info("waiting for another module's stack tests to end lock={}", file);
                channel.lock();
                LOG.info("stack tests may start waitedMs={}", (System.nanoTime() - since) / 1_000_000);
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
        }
    }
}

package dev.pulse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackTestsLockTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearProperties() {
        System.clearProperty(StackTestsLock.ENABLED);
        System.clearProperty(StackTestsLock.FILE);
    }

    @Test
    void shouldHoldTheFileLockFromTheSessionsOpeningToItsCloseWhenTheModuleOptsIn() throws IOException {
        Path file = dir.resolve("nested/stack-tests.lock");
        System.setProperty(StackTestsLock.ENABLED, "true");
        System.setProperty(StackTestsLock.FILE, file.toString());
        StackTestsLock lock = new StackTestsLock();

        lock.launcherSessionOpened(null);
        try (FileChannel other = FileChannel.open(file, StandardOpenOption.WRITE)) {
            // Within one JVM a second lock on a held region is refused at once (across JVMs it would wait).
            assertThatThrownBy(other::tryLock).isInstanceOf(OverlappingFileLockException.class);
            lock.launcherSessionClosed(null);
            try (FileLock taken = other.tryLock()) {
                assertThat(taken).as("free once the session closed").isNotNull();
            }
        }
    }

    @Test
    void shouldTakeNoLockWhenTheModuleDoesNotOptIn() {
        Path file = dir.resolve("stack-tests.lock");
        System.setProperty(StackTestsLock.FILE, file.toString());

        new StackTestsLock().launcherSessionOpened(null);

        assertThat(Files.exists(file)).isFalse();
    }
}

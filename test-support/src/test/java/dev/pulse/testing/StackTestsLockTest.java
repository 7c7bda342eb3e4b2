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
        System.clearProperty(StackTestsLock.MODE);
        System.clearProperty(StackTestsLock.FILE);
    }

    @Test
    void shouldHoldAnExclusiveLockFromTheSessionsOpeningToItsClose() throws IOException {
        Path file = use("exclusive", "nested/stack-tests.lock");
        StackTestsLock lock = new StackTestsLock();

        lock.launcherSessionOpened(null);
        assertThat(lock.heldLock().isShared()).isFalse();
        try (FileChannel other = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // Within one JVM a second lock on a held region is refused at once (across JVMs it would wait).
            assertThatThrownBy(other::tryLock).isInstanceOf(OverlappingFileLockException.class);
            lock.launcherSessionClosed(null);
            try (FileLock taken = other.tryLock()) {
                assertThat(taken).as("free once the session closed").isNotNull();
            }
        }
    }

    @Test
    void shouldTakeASharedLockInSharedMode() {
        use("shared", "stack-tests.lock");
        StackTestsLock lock = new StackTestsLock();

        lock.launcherSessionOpened(null);
        try {
            assertThat(lock.heldLock().isShared()).isTrue();
        } finally {
            lock.launcherSessionClosed(null);
        }
    }

    @Test
    void shouldTakeNoLockWhenTheModuleDoesNotOptIn() {
        Path file = dir.resolve("stack-tests.lock");
        System.setProperty(StackTestsLock.FILE, file.toString());

        new StackTestsLock().launcherSessionOpened(null);

        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void shouldRefuseAModeItDoesNotKnowNamingTheProperty() {
        use("alone", "stack-tests.lock");

        assertThatThrownBy(() -> new StackTestsLock().launcherSessionOpened(null))
                .hasMessageContaining(StackTestsLock.MODE)
                .hasMessageContaining("'alone'");
    }

    private Path use(String mode, String name) {
        Path file = dir.resolve(name);
        System.setProperty(StackTestsLock.MODE, mode);
        System.setProperty(StackTestsLock.FILE, file.toString());
        return file;
    }
}

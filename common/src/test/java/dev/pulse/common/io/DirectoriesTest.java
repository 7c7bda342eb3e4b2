package dev.pulse.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoriesTest {

    @Test
    void shouldDeleteADirectoryTreeDeepestFirst(@TempDir Path parent) throws Exception {
        Path dir = Files.createDirectories(parent.resolve("state/a/b"));
        Files.writeString(dir.resolve("checkpoint"), "1");
        Files.writeString(parent.resolve("state/top"), "2");

        assertThat(Directories.deleteRecursively(parent.resolve("state"))).isTrue();

        assertThat(parent.resolve("state")).doesNotExist();
        assertThat(parent).exists();
    }

    @Test
    void shouldTreatAMissingDirectoryAsDeleted(@TempDir Path parent) {
        assertThat(Directories.deleteRecursively(parent.resolve("never-made"))).isTrue();
    }
}

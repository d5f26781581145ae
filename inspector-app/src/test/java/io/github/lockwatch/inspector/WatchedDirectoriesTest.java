package io.github.lockwatch.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchedDirectoriesTest {

    @Test
    void savedDirectoriesAreLoadedInOrderWithoutDuplicates(@TempDir Path config) throws Exception {
        WatchedDirectories store = new WatchedDirectories(config.resolve("sub"));
        assertEquals(List.of(), store.load());
        store.save(List.of(Path.of("/srv/b"), Path.of("/srv/a"), Path.of("/srv/b")));
        assertEquals(List.of(Path.of("/srv/b"), Path.of("/srv/a")), new WatchedDirectories(config.resolve("sub")).load());
    }
}

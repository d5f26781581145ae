package io.github.lockwatch.lock;

import io.github.lockwatch.lock.testing.Facilities;
import io.github.lockwatch.lock.testing.TestFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/** The contract on a bindfs (FUSE) mount, whose attribute cache lags (CI prepares it with test-infra/mounts.sh). */
class BindfsContractIT extends LockContract {

    private Path root;

    @Override
    Path newRoot() throws IOException {
        root = Files.createTempDirectory(Facilities.mount("bindfs", "fuse"), "contract");
        return root;
    }

    @AfterEach
    void removeRoot() throws IOException {
        TestFiles.deleteTree(root);
    }
}

package io.github.lockwatch.lock;

import io.github.lockwatch.lock.testing.Facilities;
import io.github.lockwatch.lock.testing.TestFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/** The contract on a real ext4 mount (CI prepares it with test-infra/mounts.sh). */
class Ext4ContractIT extends LockContract {

    private Path root;

    @Override
    Path newRoot() throws IOException {
        root = Files.createTempDirectory(Facilities.mount("ext4", "ext4"), "contract");
        return root;
    }

    @AfterEach
    void removeRoot() throws IOException {
        TestFiles.deleteTree(root);
    }
}

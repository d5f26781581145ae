package io.github.lockwatch.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the real filesystem of the temporary directory. */
class TempDirContractIT extends LockContract {

    @TempDir
    Path temp;

    @Override
    Path newRoot() throws IOException {
        return Files.createTempDirectory(temp, "contract");
    }
}

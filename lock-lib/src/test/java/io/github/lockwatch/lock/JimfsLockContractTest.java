package io.github.lockwatch.lock;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/** The contract on an in-memory Unix filesystem: milliseconds per test. */
class JimfsLockContractTest extends LockContract {

    private FileSystem fs;

    @Override
    Path newRoot() {
        fs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").build());
        return fs.getPath("/work");
    }

    @AfterEach
    void closeFileSystem() throws IOException {
        fs.close();
    }
}

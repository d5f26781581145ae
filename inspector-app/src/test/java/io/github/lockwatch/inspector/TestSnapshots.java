package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.Liveness;
import io.github.lockwatch.inspect.LockSnapshot;
import io.github.lockwatch.inspect.LockStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Hand-made snapshots for unit tests that need no filesystem. */
final class TestSnapshots {

    private TestSnapshots() {
    }

    static LockSnapshot snapshot(Path path, LockStatus status, String host, long pid, Instant expires) {
        return new LockSnapshot(path, host + "|" + pid, Optional.empty(), host, pid, expires, expires, expires,
                "(dev=1,ino=2)", 2, 2, "alice", List.of(), List.of(), status, "because " + status.jsonName(),
                Liveness.UNKNOWN, "test", expires == null ? Instant.EPOCH : expires);
    }
}

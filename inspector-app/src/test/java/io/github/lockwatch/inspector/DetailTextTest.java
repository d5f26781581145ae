package io.github.lockwatch.inspector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.inspect.LockEvent;
import io.github.lockwatch.inspect.LockSnapshot;
import io.github.lockwatch.inspect.LockStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetailTextTest {

    @Test
    void copiedDetailsCarryTheEvidenceAndTheHistory() {
        Instant t = Instant.parse("2026-01-01T12:00:00Z");
        LockSnapshot held = TestSnapshots.snapshot(Path.of("/d/db.lck"), LockStatus.HELD, "build-1", 42, t.plusSeconds(30));
        LockSnapshot dead = TestSnapshots.snapshot(Path.of("/d/db.lck"), LockStatus.HOLDER_DEAD, "build-1", 42, t.plusSeconds(30));
        LockEvent e = new LockEvent(LockEvent.Kind.STATE_CHANGED, Path.of("/d"), held.path(), held, dead, t, "");
        String text = DetailText.of(dead, List.of(e), t);
        assertTrue(text.contains("Lock: /d/db.lck"), text);
        assertTrue(text.contains("State: Holder dead"), text);
        assertTrue(text.contains("Holder: build-1 pid 42"), text);
        assertTrue(text.contains("(in 30 s)"), text);
        assertTrue(text.contains("Inode: 2"), text);
        assertTrue(text.contains("state changed: Held → Holder dead (build-1:42)"), text);
    }
}

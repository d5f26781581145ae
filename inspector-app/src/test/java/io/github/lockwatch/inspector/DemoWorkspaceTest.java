package io.github.lockwatch.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lockwatch.inspect.LockStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Test;

/** What the smoke test waits for: one demo lock in every state. */
class DemoWorkspaceTest {

    private static final Path DIR = Path.of("/tmp/lockwatch-demo-1");

    private static LockRow row(String name, LockStatus status) {
        return new LockRow(DIR, TestSnapshots.snapshot(DIR.resolve(name), status, "h", 1, Instant.EPOCH),
                new SimpleObjectProperty<>(Instant.EPOCH));
    }

    @Test
    void everyStateHasItsDemoLock() {
        assertEquals(EnumSet.allOf(LockStatus.class), EnumSet.copyOf(DemoWorkspace.ONE_PER_STATE.values()));
    }

    @Test
    void aDemoLockCountsOnlyInItsOwnState() {
        List<LockRow> rows = new ArrayList<>();
        for (Map.Entry<String, LockStatus> e : DemoWorkspace.ONE_PER_STATE.entrySet()) {
            rows.add(row(e.getKey(), e.getValue()));
        }
        assertEquals(DemoWorkspace.ONE_PER_STATE.keySet(), DemoWorkspace.shownOfOnePerState(rows));

        rows.removeIf(r -> r.name().equals("export.lck"));
        rows.removeIf(r -> r.name().equals("reports.lck"));
        rows.add(row("reports.lck", LockStatus.HELD)); // not (yet) seen dead
        rows.add(row("deploy.lck", LockStatus.HELD));
        Set<String> shown = DemoWorkspace.shownOfOnePerState(rows);
        assertEquals(5, shown.size(), shown.toString());
    }
}

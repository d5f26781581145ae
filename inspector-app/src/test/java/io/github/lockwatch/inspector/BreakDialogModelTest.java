package io.github.lockwatch.inspector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.inspect.LockStatus;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BreakDialogModelTest {

    @Test
    void aBreakableLockNeedsOnlyAReason() {
        BreakDialogModel m = new BreakDialogModel(TestSnapshots.snapshot(Path.of("/d/a.lck"), LockStatus.BREAKABLE, "h", 1, Instant.EPOCH));
        assertFalse(m.forceRequired());
        assertFalse(m.canBreakProperty().get(), "no reason yet");
        m.reasonProperty().set("   ");
        assertFalse(m.canBreakProperty().get(), "blank reason");
        m.reasonProperty().set("stale since the crash");
        assertTrue(m.canBreakProperty().get());
        assertFalse(m.force(), "never force when not needed");
    }

    @Test
    void aLiveLockNeedsAnExplicitForceConfirmation() {
        BreakDialogModel m = new BreakDialogModel(TestSnapshots.snapshot(Path.of("/d/a.lck"), LockStatus.HELD, "h", 1, Instant.EPOCH));
        assertTrue(m.forceRequired());
        m.reasonProperty().set("holder hung");
        assertFalse(m.canBreakProperty().get(), "force not confirmed");
        m.forceConfirmedProperty().set(true);
        assertTrue(m.canBreakProperty().get());
        assertTrue(m.force());
    }
}

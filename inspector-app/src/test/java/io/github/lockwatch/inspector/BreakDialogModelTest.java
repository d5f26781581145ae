package io.github.lockwatch.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.inspect.LockStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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

    @Test
    void severalBreakableLocksNeedOneReasonAndNoForce() {
        BreakDialogModel m = new BreakDialogModel(List.of(
                TestSnapshots.snapshot(Path.of("/d/a.lck"), LockStatus.BREAKABLE, "h", 1, Instant.EPOCH),
                TestSnapshots.snapshot(Path.of("/d/b.lck"), LockStatus.HOLDER_DEAD, "h", 2, Instant.EPOCH)));
        assertTrue(m.isMultiple());
        assertFalse(m.forceRequired());
        m.reasonProperty().set("share cleanup");
        assertTrue(m.canBreakProperty().get());
        assertEquals(List.of(false, false), m.requests().stream().map(BreakDialogModel.Request::force).toList());
        assertEquals(m.seenAll(), m.requests().stream().map(BreakDialogModel.Request::seen).toList());
    }

    @Test
    void aLiveLockAmongBreakableOnesNeedsForceAndOnlyItGetsIt() {
        BreakDialogModel m = new BreakDialogModel(List.of(
                TestSnapshots.snapshot(Path.of("/d/a.lck"), LockStatus.BREAKABLE, "h", 1, Instant.EPOCH),
                TestSnapshots.snapshot(Path.of("/d/live.lck"), LockStatus.HELD, "h", 2, Instant.EPOCH),
                TestSnapshots.snapshot(Path.of("/d/c.lck"), LockStatus.BREAKABLE, "h", 3, Instant.EPOCH)));
        assertTrue(m.forceRequired());
        assertEquals(List.of(Path.of("/d/live.lck")), m.needingForce().stream().map(s -> s.path()).toList());
        m.reasonProperty().set("share cleanup");
        assertFalse(m.canBreakProperty().get(), "force not confirmed");
        assertEquals(List.of(false, false, false), m.requests().stream().map(BreakDialogModel.Request::force).toList());
        m.forceConfirmedProperty().set(true);
        assertTrue(m.canBreakProperty().get());
        assertEquals(List.of(false, true, false), m.requests().stream().map(BreakDialogModel.Request::force).toList());
    }
}

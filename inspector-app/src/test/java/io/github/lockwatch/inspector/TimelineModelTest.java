package io.github.lockwatch.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.lockwatch.inspect.LockEvent;
import io.github.lockwatch.inspect.LockSnapshot;
import io.github.lockwatch.inspect.LockStatus;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimelineModelTest {

    private static final Path DIR = Path.of("/locks");
    private static final Path LOCK = DIR.resolve("db.lck");
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    private static LockEvent event(LockEvent.Kind kind, LockSnapshot before, LockSnapshot after, int second) {
        return new LockEvent(kind, DIR, LOCK, before, after, T0.plusSeconds(second), "");
    }

    @Test
    void segmentsFollowHoldersAndStatesAndBreaksAreMarked() {
        TimelineModel t = new TimelineModel(DIR, T0);
        LockSnapshot held = TestSnapshots.snapshot(LOCK, LockStatus.HELD, "a", 1, T0.plusSeconds(30));
        LockSnapshot dead = TestSnapshots.snapshot(LOCK, LockStatus.HOLDER_DEAD, "a", 1, T0.plusSeconds(30));
        LockSnapshot other = TestSnapshots.snapshot(LOCK, LockStatus.HELD, "b", 2, T0.plusSeconds(90));
        t.record(event(LockEvent.Kind.APPEARED, null, held, 1));
        t.record(event(LockEvent.Kind.REFRESHED, held, held, 5));
        t.record(event(LockEvent.Kind.STATE_CHANGED, held, dead, 10));
        t.record(event(LockEvent.Kind.BROKEN, dead, null, 20));
        t.record(event(LockEvent.Kind.ACQUIRED, null, other, 21));

        TimelineModel.Lane lane = t.lanes().get(0);
        assertEquals("db.lck", lane.name());
        assertEquals(3, lane.segments().size(), lane.segments().toString());
        assertEquals(new TimelineModel.Segment(T0.plusSeconds(1), T0.plusSeconds(10), "a:1", LockStatus.HELD), lane.segments().get(0));
        assertEquals(new TimelineModel.Segment(T0.plusSeconds(10), T0.plusSeconds(20), "a:1", LockStatus.HOLDER_DEAD), lane.segments().get(1));
        assertEquals("b:2", lane.segments().get(2).holder());
        assertNull(lane.segments().get(2).end(), "still held");
        assertEquals(LockEvent.Kind.BROKEN, lane.marks().get(0).kind());
        assertEquals(T0.plusSeconds(20), lane.marks().get(0).at());
        assertEquals(5, t.versionProperty().get());
    }
}

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

    @Test
    void theAppsOwnBreakOfALiveLockIsABreakNotARelease() {
        TimelineModel t = new TimelineModel(DIR, "locks", T0);
        LockSnapshot held = TestSnapshots.snapshot(LOCK, LockStatus.HELD, "a", 1, T0.plusSeconds(300));
        t.record(event(LockEvent.Kind.APPEARED, null, held, 1));
        t.recordOwnBreak(held, T0.plusSeconds(10), "broken here (forced): hung");
        t.record(event(LockEvent.Kind.RELEASED, held, null, 11)); // the watcher, judging by the previous state

        TimelineModel.Lane lane = t.lanes().get(0);
        assertEquals(1, lane.marks().size(), lane.marks().toString());
        assertEquals(LockEvent.Kind.BROKEN, lane.marks().get(0).kind());
        assertEquals("broken here (forced): hung", lane.marks().get(0).label());
        assertEquals(T0.plusSeconds(10), lane.segments().get(0).end());

        t.record(event(LockEvent.Kind.APPEARED, null, held, 20));
        t.record(event(LockEvent.Kind.RELEASED, held, null, 30));
        assertEquals(LockEvent.Kind.RELEASED, lane(t).marks().get(1).kind(), "a later release is a release again");
    }

    @Test
    void aScanQuickerThanTheBreaksResultHasItsReleaseMarkReplaced() {
        TimelineModel t = new TimelineModel(DIR, "locks", T0);
        LockSnapshot held = TestSnapshots.snapshot(LOCK, LockStatus.HELD, "a", 1, T0.plusSeconds(300));
        LockSnapshot next = TestSnapshots.snapshot(LOCK, LockStatus.HELD, "b", 2, T0.plusSeconds(300));
        t.record(event(LockEvent.Kind.APPEARED, null, held, 1));
        t.record(event(LockEvent.Kind.RELEASED, held, null, 10));
        t.record(event(LockEvent.Kind.ACQUIRED, null, next, 11)); // someone else took it at once
        t.recordOwnBreak(held, T0.plusSeconds(12), "broken here (forced)");

        TimelineModel.Lane lane = lane(t);
        assertEquals(1, lane.marks().size(), lane.marks().toString());
        assertEquals(new TimelineModel.Mark(T0.plusSeconds(10), LockEvent.Kind.BROKEN, "broken here (forced)"), lane.marks().get(0));
        assertNull(lane.segments().get(1).end(), "the new holder's segment is left alone");
    }

    private static TimelineModel.Lane lane(TimelineModel t) {
        return t.lanes().get(0);
    }
}

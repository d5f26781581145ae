package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.LockEvent;
import io.github.lockwatch.inspect.LockSnapshot;
import io.github.lockwatch.inspect.LockStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;

/**
 * Who held which lock when, in one watched directory, since watching began: one lane per lock file,
 * segments per (holder, state), and marks where a lock was broken or released. Fed with the
 * watcher's events on the UI thread; drawn by {@code TimelineView}. Pure data, no toolkit needed.
 */
public final class TimelineModel {

    /** Longest history kept per lane. */
    static final int MAX_SEGMENTS = 500;

    /** A stretch of time during which one holder held the lock in one state; {@code end} null = ongoing. */
    public record Segment(Instant start, Instant end, String holder, LockStatus status) {
    }

    /** A moment worth marking on a lane. */
    public record Mark(Instant at, LockEvent.Kind kind, String label) {
    }

    /** One lock file's history. */
    public static final class Lane {
        private final Path lock;
        private final String name;
        private final List<Segment> segments = new ArrayList<>();
        private final List<Mark> marks = new ArrayList<>();

        Lane(Path lock, String name) {
            this.lock = lock;
            this.name = name;
        }

        public Path lock() {
            return lock;
        }

        public String name() {
            return name;
        }

        public List<Segment> segments() {
            return Collections.unmodifiableList(segments);
        }

        public List<Mark> marks() {
            return Collections.unmodifiableList(marks);
        }

        Segment open() {
            if (segments.isEmpty()) {
                return null;
            }
            Segment last = segments.get(segments.size() - 1);
            return last.end() == null ? last : null;
        }

        void close(Instant at) {
            Segment open = open();
            if (open != null) {
                segments.set(segments.size() - 1, new Segment(open.start(), at, open.holder(), open.status()));
            }
        }

        void start(Instant at, String holder, LockStatus status) {
            close(at);
            segments.add(new Segment(at, null, holder, status));
            if (segments.size() > MAX_SEGMENTS) {
                segments.remove(0);
            }
        }

        void mark(Mark m) {
            marks.add(m);
            if (marks.size() > MAX_SEGMENTS) {
                marks.remove(0);
            }
        }
    }

    private final Path directory;
    private final Instant origin;
    private final Map<Path, Lane> lanes = new LinkedHashMap<>();
    private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper(this, "version");

    /** An empty timeline of {@code directory} starting at {@code origin}. */
    public TimelineModel(Path directory, Instant origin) {
        this.directory = directory;
        this.origin = origin;
    }

    public Path directory() {
        return directory;
    }

    /** When watching began. */
    public Instant origin() {
        return origin;
    }

    /** The lanes, in order of first appearance. */
    public List<Lane> lanes() {
        return List.copyOf(lanes.values());
    }

    /** Bumped on every change, so a view knows when to redraw. */
    public ReadOnlyLongProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    /** Records one event of this directory. */
    public void record(LockEvent e) {
        if (e.lock() == null) {
            return;
        }
        Lane lane = lanes.computeIfAbsent(e.lock(), p -> new Lane(p, name(p)));
        switch (e.kind()) {
            case APPEARED, ACQUIRED, REFRESHED, STATE_CHANGED -> {
                LockSnapshot after = e.after();
                if (after != null) {
                    Segment open = lane.open();
                    String holder = holder(after);
                    if (open == null || !open.holder().equals(holder) || open.status() != after.status()
                            || e.kind() == LockEvent.Kind.ACQUIRED) {
                        if (e.kind() == LockEvent.Kind.ACQUIRED && open != null) {
                            lane.mark(new Mark(e.at(), e.kind(), "re-acquired by " + holder));
                        }
                        lane.start(e.at(), holder, after.status());
                    }
                }
            }
            case RELEASED -> {
                lane.close(e.at());
                lane.mark(new Mark(e.at(), e.kind(), "released"));
            }
            case BROKEN -> {
                lane.close(e.at());
                lane.mark(new Mark(e.at(), e.kind(), "broken" + (e.detail().isEmpty() ? "" : ": " + e.detail())));
            }
            default -> {
                // directory-level events are shown in the sidebar, not here
            }
        }
        version.set(version.get() + 1);
    }

    /** "host:pid", or "no claim" for locks whose content names no holder. */
    static String holder(LockSnapshot s) {
        if (s.host() == null || s.host().isEmpty()) {
            return "no claim";
        }
        return s.host() + ":" + s.pid();
    }

    private String name(Path lock) {
        return directory.equals(lock.getParent()) ? String.valueOf(lock.getFileName()) : directory.relativize(lock).toString();
    }
}

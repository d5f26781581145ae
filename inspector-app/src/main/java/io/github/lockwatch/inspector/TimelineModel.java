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

    /** A watcher event this soon after the app's own break of the same lock is that break, seen by the scan. */
    static final java.time.Duration OWN_BREAK_WINDOW = java.time.Duration.ofSeconds(60);

    private final Path directory;
    private final String title;
    private final Instant origin;
    private final Map<Path, Instant> ownBreaks = new java.util.HashMap<>();
    private final Map<Path, Lane> lanes = new LinkedHashMap<>();
    private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper(this, "version");

    /** An empty timeline of {@code directory} starting at {@code origin}. */
    public TimelineModel(Path directory, Instant origin) {
        this(directory, String.valueOf(directory.getFileName()), origin);
    }

    /** An empty timeline of {@code directory}, shown as {@code title}, starting at {@code origin}. */
    public TimelineModel(Path directory, String title, Instant origin) {
        this.directory = directory;
        this.title = title;
        this.origin = origin;
    }

    public Path directory() {
        return directory;
    }

    /** The directory's name as the sidebar shows it ("Demo workspace" for the demo). */
    public String title() {
        return title;
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
            case RELEASED, BROKEN -> {
                Instant own = ownBreaks.remove(e.lock());
                if (own != null && !e.at().isAfter(own.plus(OWN_BREAK_WINDOW))) {
                    break; // the scan seeing our own break: it is marked already, as a break
                }
                lane.close(e.at());
                lane.mark(e.kind() == LockEvent.Kind.BROKEN
                        ? new Mark(e.at(), e.kind(), "broken" + (e.detail().isEmpty() ? "" : ": " + e.detail()))
                        : new Mark(e.at(), e.kind(), "released"));
            }
            default -> {
                // directory-level events are shown in the sidebar, not here
            }
        }
        version.set(version.get() + 1);
    }

    /**
     * Records a break this app made (the engine reported it done). The watcher only sees the lock
     * vanish and, judging by its previous state, would call a live lock's forced break a release; so the
     * break is marked here, and the watcher's event for the same disappearance is not marked again (or,
     * if the scan was quicker than the result, its mark is replaced).
     *
     * @param seen the lock as broken (its holder's segment ends here)
     * @param at when
     * @param label what to say, e.g. "broken by you (forced): reason"
     */
    public void recordOwnBreak(LockSnapshot seen, Instant at, String label) {
        Lane lane = lanes.computeIfAbsent(seen.path(), p -> new Lane(p, name(p)));
        Mark last = lane.marks.isEmpty() ? null : lane.marks.get(lane.marks.size() - 1);
        boolean scanWasQuicker = last != null && (last.kind() == LockEvent.Kind.RELEASED || last.kind() == LockEvent.Kind.BROKEN)
                && !last.at().isBefore(at.minus(OWN_BREAK_WINDOW));
        Instant when = at;
        if (scanWasQuicker) {
            lane.marks.remove(lane.marks.size() - 1);
            when = last.at();
        } else {
            Segment open = lane.open();
            if (open != null && open.holder().equals(holder(seen))) {
                lane.close(at);
            }
            ownBreaks.put(seen.path(), at);
        }
        lane.mark(new Mark(when, LockEvent.Kind.BROKEN, label));
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

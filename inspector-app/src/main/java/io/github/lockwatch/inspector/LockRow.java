package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.LockSnapshot;
import io.github.lockwatch.inspect.LockStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.beans.value.ObservableValueBase;

/**
 * One row of the lock table: the latest snapshot of one lock file. The row object lives as long as
 * the lock does, so selection survives rescans; only its snapshot is replaced. Everything a cell
 * shows is precomputed here or bound to the one UI clock: cells do no work but setting text.
 */
public final class LockRow {

    private final Path path;
    private final Path directory;
    private final String name;
    private final ObservableValue<Instant> now;
    private final ReadOnlyObjectWrapper<LockSnapshot> snapshot;
    private ObjectBinding<ExpiryText> expiresIn;
    private final Appearance appearance = new Appearance();
    private String searchText;

    /** A row for {@code first}, in watched directory {@code directory}, counting down on {@code now}. */
    public LockRow(Path directory, LockSnapshot first, ObservableValue<Instant> now) {
        this.path = first.path();
        this.directory = Objects.requireNonNull(directory, "directory");
        this.name = directory.equals(path.getParent()) || path.getParent() == null
                ? String.valueOf(path.getFileName()) : directory.relativize(path).toString();
        this.now = Objects.requireNonNull(now, "now");
        this.snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot", first);
        this.searchText = buildSearchText(first);
    }

    /** The lock file. */
    public Path path() {
        return path;
    }

    /** The watched directory the lock was found in. */
    public Path directory() {
        return directory;
    }

    /** The lock's name relative to its watched directory. */
    public String name() {
        return name;
    }

    /** The latest snapshot. */
    public LockSnapshot snapshot() {
        return snapshot.get();
    }

    /** The latest snapshot, observable. */
    public ReadOnlyObjectProperty<LockSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    /** The lock's state. */
    public LockStatus status() {
        return snapshot.get().status();
    }

    /**
     * The latest snapshot, observable, but notifying only when something the table shows changed.
     * The watcher rescans every directory every second and every rescan brings new snapshot objects
     * (a new scan time, an explanation that says "expires in 50m 24s" instead of "50m 25s"); if the
     * table's cells followed {@link #snapshotProperty()}, all visible rows would be laid out and
     * re-styled after every scan for nothing.
     */
    public ObservableValue<LockSnapshot> appearanceProperty() {
        return appearance;
    }

    /**
     * Replaces the snapshot (same lock file).
     *
     * @return whether something the table shows changed (so filter and sort must look again)
     */
    boolean update(LockSnapshot next) {
        LockSnapshot current = snapshot.get();
        if (next == current) {
            return false;
        }
        boolean same = sameLook(current, next);
        snapshot.set(next);
        if (!same) {
            searchText = buildSearchText(next);
            appearance.changed();
        }
        return !same;
    }

    /**
     * Whether two snapshots of one lock file show the same in the table and the quick filter: equal
     * but for the scan time and the explanation's wording (a function of the other fields and the
     * time of the scan).
     */
    static boolean sameLook(LockSnapshot a, LockSnapshot b) {
        return a.pid() == b.pid() && a.inode() == b.inode() && a.linkCount() == b.linkCount()
                && a.status() == b.status() && a.liveness() == b.liveness()
                && a.path().equals(b.path()) && a.rawContent().equals(b.rawContent())
                && Objects.equals(a.expires(), b.expires()) && Objects.equals(a.mtime(), b.mtime())
                && Objects.equals(a.ctime(), b.ctime()) && Objects.equals(a.fileKey(), b.fileKey())
                && Objects.equals(a.host(), b.host()) && Objects.equals(a.owner(), b.owner())
                && a.claim().equals(b.claim()) && a.waiters().equals(b.waiters()) && a.findings().equals(b.findings())
                && a.livenessEvidence().equals(b.livenessEvidence());
    }

    /**
     * "in 42 s" / "expired 12 s ago", a binding of (expiry, the one UI clock), made on first use: for
     * the detail pane's one row. The table does not use it: its countdown cells follow the clock
     * themselves, so a tick costs work for the visible rows only, however many rows exist.
     */
    public ObjectBinding<ExpiryText> expiresInProperty() {
        if (expiresIn == null) {
            expiresIn = Bindings.createObjectBinding(() -> {
                Instant e = Countdown.shownExpiry(snapshot.get());
                return new ExpiryText(e, Countdown.expiresIn(e, now.getValue()));
            }, snapshot, now);
        }
        return expiresIn;
    }

    /** A countdown text that sorts by expiry. */
    public record ExpiryText(Instant expires, String text) implements Comparable<ExpiryText> {
        @Override
        public int compareTo(ExpiryText o) {
            if (expires == null || o.expires == null) {
                return expires == null ? (o.expires == null ? 0 : 1) : -1;
            }
            return expires.compareTo(o.expires);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Seconds until expiry at {@code at} (negative once expired); for sorting. */
    public long secondsLeft(Instant at) {
        Instant e = Countdown.shownExpiry(snapshot.get());
        return e == null ? Long.MAX_VALUE : e.getEpochSecond() - at.getEpochSecond();
    }

    /** The holder's host, or a dash. */
    public String host() {
        String h = snapshot.get().host();
        return h == null || h.isEmpty() ? "—" : h;
    }

    /** The holder's pid, or -1. */
    public long pid() {
        return snapshot.get().pid();
    }

    /** The claim's random part, or the raw claim text if it does not parse. */
    public String claimText() {
        return snapshot.get().claim().map(c -> c.random()).orElse("—");
    }

    /** Characters of a claim's random part the table shows (the tooltip has the whole claim). */
    static final int CLAIM_SHOWN = 6;

    /**
     * The claim as the table shows it: the start of its random part, enough to tell claims apart (the
     * cell's tooltip has the whole claim).
     */
    static String shortClaim(LockSnapshot s) {
        return s.claim().map(c -> c.random().length() <= CLAIM_SHOWN ? c.random()
                : c.random().substring(0, CLAIM_SHOWN)).orElse("—");
    }

    /** How many claim files wait for this lock. */
    public int waiterCount() {
        return snapshot.get().waiters().size();
    }

    /** Whether the row matches a lower-case quick-filter text. */
    public boolean matches(String lowerCaseText) {
        return lowerCaseText.isEmpty() || searchText.contains(lowerCaseText);
    }

    private String buildSearchText(LockSnapshot s) {
        return (name + ' ' + s.host() + ' ' + s.pid() + ' ' + s.status().jsonName() + ' ' + StateStyles.label(s.status())
                + ' ' + s.rawContent())
                .toLowerCase(Locale.ROOT);
    }

    private final class Appearance extends ObservableValueBase<LockSnapshot> {
        @Override
        public LockSnapshot getValue() {
            return snapshot.get();
        }

        void changed() {
            fireValueChangedEvent();
        }
    }

    @Override
    public String toString() {
        return "LockRow[" + path + ", " + status() + "]";
    }
}

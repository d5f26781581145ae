package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.LockSnapshot;
import java.util.List;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The break confirmation: the snapshots shown to the admin (each break is compare-and-break against
 * exactly its own snapshot), one reason, and, if any lock is not breakable without force (held,
 * expiring, expired inside the slop), an explicit force confirmation. The force flag goes only to the
 * locks that need it ({@link #requests()}).
 */
public final class BreakDialogModel {

    /**
     * One lock to break: the snapshot shown in the dialog and whether to pass force for it.
     *
     * @param seen the snapshot shown
     * @param force true only if this lock needs force and force was confirmed
     */
    public record Request(LockSnapshot seen, boolean force) {
        public Request {
            Objects.requireNonNull(seen, "seen");
        }
    }

    private final List<LockSnapshot> all;
    private final StringProperty reason = new SimpleStringProperty(this, "reason", "");
    private final BooleanProperty forceConfirmed = new SimpleBooleanProperty(this, "forceConfirmed");
    private final BooleanBinding canBreak;

    /** The confirmation for one lock. */
    public BreakDialogModel(LockSnapshot seen) {
        this(List.of(Objects.requireNonNull(seen, "seen")));
    }

    /**
     * The confirmation for several locks at once.
     *
     * @param seen the snapshots shown, at least one
     */
    public BreakDialogModel(List<LockSnapshot> seen) {
        this.all = List.copyOf(seen);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no lock to break");
        }
        boolean needsForce = forceRequired();
        canBreak = Bindings.createBooleanBinding(
                () -> !reason.get().isBlank() && (!needsForce || forceConfirmed.get()), reason, forceConfirmed);
    }

    /** The snapshot shown in the dialog (the first one when several locks are shown). */
    public LockSnapshot seen() {
        return all.get(0);
    }

    /** Every snapshot shown in the dialog, in the order shown. */
    public List<LockSnapshot> seenAll() {
        return all;
    }

    /** Whether several locks are shown. */
    public boolean isMultiple() {
        return all.size() > 1;
    }

    /** Whether the lock of {@code s} may still be in use, so breaking it needs force. */
    public static boolean needsForce(LockSnapshot s) {
        return !s.status().breakableWithoutForce();
    }

    /** Whether any lock shown may still be in use, so the force confirmation is needed. */
    public boolean forceRequired() {
        return all.stream().anyMatch(BreakDialogModel::needsForce);
    }

    /** The locks shown that need force. */
    public List<LockSnapshot> needingForce() {
        return all.stream().filter(BreakDialogModel::needsForce).toList();
    }

    public StringProperty reasonProperty() {
        return reason;
    }

    public BooleanProperty forceConfirmedProperty() {
        return forceConfirmed;
    }

    /** True once a reason is given and, if needed, force is confirmed. */
    public BooleanBinding canBreakProperty() {
        return canBreak;
    }

    /** The force flag to pass to the engine for the lock of {@link #seen()}. */
    public boolean force() {
        return forceFor(seen());
    }

    /** The force flag to pass to the engine for {@code s}: only if it needs force and force was confirmed. */
    public boolean forceFor(LockSnapshot s) {
        return needsForce(s) && forceConfirmed.get();
    }

    /** One request per lock shown, each with its own snapshot and force flag. */
    public List<Request> requests() {
        return all.stream().map(s -> new Request(s, forceFor(s))).toList();
    }

    /** The reason, trimmed. */
    public String reason() {
        return reason.get().strip();
    }
}

package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.LockSnapshot;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The break confirmation: the snapshot shown to the admin (the break is compare-and-break against
 * exactly this one), a reason, and, for a lock that is not breakable without force (held, expiring,
 * expired inside the slop), an explicit force confirmation.
 */
public final class BreakDialogModel {

    private final LockSnapshot seen;
    private final StringProperty reason = new SimpleStringProperty(this, "reason", "");
    private final BooleanProperty forceConfirmed = new SimpleBooleanProperty(this, "forceConfirmed");
    private final BooleanBinding canBreak;

    public BreakDialogModel(LockSnapshot seen) {
        this.seen = Objects.requireNonNull(seen, "seen");
        boolean needsForce = forceRequired();
        canBreak = Bindings.createBooleanBinding(
                () -> !reason.get().isBlank() && (!needsForce || forceConfirmed.get()), reason, forceConfirmed);
    }

    /** The snapshot shown in the dialog. */
    public LockSnapshot seen() {
        return seen;
    }

    /** Whether the lock may still be in use, so breaking it needs force. */
    public boolean forceRequired() {
        return !seen.status().breakableWithoutForce();
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

    /** The force flag to pass to the engine. */
    public boolean force() {
        return forceRequired() && forceConfirmed.get();
    }

    /** The reason, trimmed. */
    public String reason() {
        return reason.get().strip();
    }
}

package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.LockStatus;
import java.util.EnumMap;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

/** The CSS pseudo-class and icon of each lock state (colours live in app.css). */
public final class StateStyles {

    private static final Map<LockStatus, PseudoClass> PSEUDO = new EnumMap<>(LockStatus.class);
    private static final Map<LockStatus, Ikon> ICONS = new EnumMap<>(LockStatus.class);

    static {
        for (LockStatus s : LockStatus.values()) {
            PSEUDO.put(s, PseudoClass.getPseudoClass(s.jsonName()));
        }
        ICONS.put(LockStatus.HELD, Feather.LOCK);
        ICONS.put(LockStatus.EXPIRING, Feather.CLOCK);
        ICONS.put(LockStatus.EXPIRED, Feather.ALERT_CIRCLE);
        ICONS.put(LockStatus.BREAKABLE, Feather.UNLOCK);
        ICONS.put(LockStatus.HOLDER_DEAD, Feather.X_OCTAGON);
        ICONS.put(LockStatus.CORRUPT, Feather.ALERT_TRIANGLE);
        ICONS.put(LockStatus.INCONSISTENT, Feather.HELP_CIRCLE);
    }

    private StateStyles() {
    }

    /** The pseudo-class of a state, e.g. {@code :holder-dead}. */
    public static PseudoClass pseudoClass(LockStatus s) {
        return PSEUDO.get(s);
    }

    /** The icon of a state. */
    public static Ikon icon(LockStatus s) {
        return ICONS.get(s);
    }

    /** Sets exactly the pseudo-class of {@code s} on {@code node} (none if {@code s} is null). */
    public static void apply(Node node, LockStatus s) {
        for (LockStatus other : LockStatus.values()) {
            node.pseudoClassStateChanged(PSEUDO.get(other), other == s);
        }
    }

    /** The badge text: the state's name with a capital. */
    public static String label(LockStatus s) {
        String n = s.jsonName().replace('-', ' ');
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }
}

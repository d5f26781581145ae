package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.LockStatus;
import io.github.lockwatch.inspect.WatchMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One watched directory in the sidebar: its counts by state, watch mode, last scan and problem. */
public final class DirectoryItem {

    private final Path path;
    private final boolean demo;
    private final ObjectProperty<WatchMode> mode = new SimpleObjectProperty<>(this, "mode");
    private final ObjectProperty<Instant> lastScan = new SimpleObjectProperty<>(this, "lastScan");
    private final ObjectProperty<Duration> lastScanTook = new SimpleObjectProperty<>(this, "lastScanTook");
    private final StringProperty problem = new SimpleStringProperty(this, "problem");
    private final StringProperty summary = new SimpleStringProperty(this, "summary", "scanning…");
    private final ObjectProperty<Map<LockStatus, Integer>> counts =
            new SimpleObjectProperty<>(this, "counts", Map.of());

    /** An item for {@code path}; {@code demo} marks the demo workspace. */
    public DirectoryItem(Path path, boolean demo) {
        this.path = path;
        this.demo = demo;
    }

    /** The directory. */
    public Path path() {
        return path;
    }

    /** Whether this is the app's demo workspace. */
    public boolean isDemo() {
        return demo;
    }

    /** The title shown in the sidebar. */
    public String title() {
        if (demo) {
            return "Demo workspace";
        }
        Path name = path.getFileName();
        return name == null ? path.toString() : name.toString();
    }

    public ObjectProperty<WatchMode> modeProperty() {
        return mode;
    }

    public ObjectProperty<Instant> lastScanProperty() {
        return lastScan;
    }

    public ObjectProperty<Duration> lastScanTookProperty() {
        return lastScanTook;
    }

    /** Why the directory is unreachable, or null. */
    public StringProperty problemProperty() {
        return problem;
    }

    /** Whether the directory is currently unreachable. */
    public boolean isUnreachable() {
        return problem.get() != null;
    }

    /** "3 locks · 1 held · 2 breakable". */
    public StringProperty summaryProperty() {
        return summary;
    }

    /** Lock counts by state. */
    public ObjectProperty<Map<LockStatus, Integer>> countsProperty() {
        return counts;
    }

    void setCounts(Map<LockStatus, Integer> byState) {
        Map<LockStatus, Integer> copy = new EnumMap<>(LockStatus.class);
        copy.putAll(byState);
        counts.set(Map.copyOf(copy));
        summary.set(summarize(copy));
    }

    /** A one-line summary of counts by state, in state order. */
    static String summarize(Map<LockStatus, Integer> byState) {
        int total = byState.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder sb = new StringBuilder().append(total).append(total == 1 ? " lock" : " locks");
        for (LockStatus s : LockStatus.values()) {
            Integer n = byState.get(s);
            if (n != null && n > 0) {
                sb.append(" · ").append(n).append(' ').append(StateStyles.label(s).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return title() + " (" + path + ")";
    }
}

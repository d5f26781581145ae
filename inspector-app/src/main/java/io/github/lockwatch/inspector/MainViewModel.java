package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.ActionResult;
import io.github.lockwatch.inspect.AuditRecord;
import io.github.lockwatch.inspect.CleanResult;
import io.github.lockwatch.inspect.DirectoryScan;
import io.github.lockwatch.inspect.DirectoryStatus;
import io.github.lockwatch.inspect.DoctorReport;
import io.github.lockwatch.inspect.LockEvent;
import io.github.lockwatch.inspect.LockSnapshot;
import io.github.lockwatch.inspect.LockStatus;
import io.github.lockwatch.inspect.Subscription;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The main window's state and commands. Runs on the UI executor (the FX thread in the app, the test
 * thread in tests); everything that touches the filesystem is handed to the background executor and
 * its result comes back through the UI executor. No JavaFX controls here, only observable values.
 */
public final class MainViewModel implements AutoCloseable {

    /** States that deserve a desktop notification when a lock enters them. */
    private static final int MAX_ALERTS_LISTED = 5;
    private final List<Notice> pendingLockAlerts = new ArrayList<>();
    static final Set<LockStatus> ALERT_STATES = EnumSet.of(LockStatus.BREAKABLE, LockStatus.HOLDER_DEAD, LockStatus.CORRUPT);

    /** How often the app pulls the watcher's latest scans ({@link #syncEvery}). */
    public static final Duration SYNC_INTERVAL = Duration.ofMillis(500);

    /** How often the file server's clock offset is measured again (it is measured when a directory is added). */
    public static final Duration CLOCK_CHECK_INTERVAL = Duration.ofMinutes(10);

    /**
     * A larger clock offset is warned about: the protocol judges expiry by the waiter's clock, so a
     * clock ahead of the server's sees live locks expire early, one behind waits too long.
     */
    public static final Duration CLOCK_WARNING = Duration.ofSeconds(2);

    /** Events kept per lock for the detail pane. */
    static final int MAX_HISTORY = 200;

    private final Engine engine;
    private final Executor ui;
    private final Executor background;
    private final ObservableValue<Instant> now;
    private final WatchedDirectories store;

    private final ObservableList<DirectoryItem> directories = FXCollections.observableArrayList();
    private final RowList rows = new RowList();
    private final FilteredList<LockRow> visibleRows = new FilteredList<>(rows, r -> true);
    /** Rows whose state, expiry or text changed since the filter and sort last saw them. */
    private final Set<LockRow> changedRows = new HashSet<>();
    private final Map<Path, LockRow> rowsByPath = new HashMap<>();
    private final Map<Path, DirectoryScan> applied = new HashMap<>();
    private final Map<Path, ObservableList<LockEvent>> history = new HashMap<>();
    private final Map<Path, TimelineModel> timelines = new HashMap<>();

    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    private final ObjectProperty<LockStatus> filterState = new SimpleObjectProperty<>(this, "filterState");
    private final ObjectProperty<DirectoryItem> selectedDirectory = new SimpleObjectProperty<>(this, "selectedDirectory");
    private final ObjectProperty<LockRow> selectedRow = new SimpleObjectProperty<>(this, "selectedRow");
    private final ObservableList<LockRow> selectedRows = FXCollections.observableArrayList();
    private final BooleanProperty notificationsEnabled = new SimpleBooleanProperty(this, "notificationsEnabled", true);
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper(this, "statusText", "Starting…");
    private final ReadOnlyStringWrapper warningText = new ReadOnlyStringWrapper(this, "warningText", "");
    private final ReadOnlyStringWrapper lastMessage = new ReadOnlyStringWrapper(this, "lastMessage", "");
    private final Map<Path, Duration> clockOffsets = new HashMap<>();
    private final Map<Path, Instant> clockMeasured = new HashMap<>();
    private final Set<Path> clockMeasuring = new HashSet<>();
    private final Set<Path> clockReadOnly = new HashSet<>();
    private final ClockProbe clockProbe;
    private final java.util.concurrent.atomic.AtomicReference<List<Path>> pendingSave = new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicBoolean saving = new java.util.concurrent.atomic.AtomicBoolean();

    private final List<Consumer<Notice>> noticeListeners = new ArrayList<>();
    private final Subscription subscription;
    private volatile boolean closed;

    /**
     * A view model over {@code engine}.
     *
     * @param engine the inspection engine
     * @param ui runs state changes: the FX dispatcher in the app, the test thread in tests
     * @param background runs file I/O
     * @param now the one UI clock
     * @param store where watched directories are remembered; null to remember nothing
     */
    public MainViewModel(Engine engine, Executor ui, Executor background, ObservableValue<Instant> now,
            WatchedDirectories store) {
        this(engine, ui, background, now, store, engine.doctor()::clockOffset);
    }

    /**
     * A view model over {@code engine} measuring clock offsets with {@code clockProbe}: when a directory
     * is added and every {@link #CLOCK_CHECK_INTERVAL} (by the UI clock) after that.
     *
     * @param clockProbe measures a directory's clock offset, on the background executor; null to never measure
     */
    public MainViewModel(Engine engine, Executor ui, Executor background, ObservableValue<Instant> now,
            WatchedDirectories store, ClockProbe clockProbe) {
        this.clockProbe = clockProbe;
        this.engine = Objects.requireNonNull(engine, "engine");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.background = Objects.requireNonNull(background, "background");
        this.now = Objects.requireNonNull(now, "now");
        this.store = store;
        filterText.addListener((o, a, b) -> updateFilter());
        filterState.addListener((o, a, b) -> updateFilter());
        selectedDirectory.addListener((o, a, b) -> updateFilter());
        now.addListener((o, a, b) -> {
            flushChangedRows();
            flushLockAlerts();
            measureClocksDue(b);
        });
        this.subscription = engine.watcher().subscribe(e -> {
            if (!closed) {
                ui.execute(() -> onEvent(e));
            }
        });
    }

    // ---- observable state -------------------------------------------------------------------

    public ObservableList<DirectoryItem> directories() {
        return directories;
    }

    /** Every lock of every watched directory. */
    public ObservableList<LockRow> allRows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** The rows passing the directory selection and the quick filter. */
    public FilteredList<LockRow> visibleRows() {
        return visibleRows;
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    /** Only locks in this state; null for all states. */
    public ObjectProperty<LockStatus> filterStateProperty() {
        return filterState;
    }

    /** Only locks of this directory; null for all directories. */
    public ObjectProperty<DirectoryItem> selectedDirectoryProperty() {
        return selectedDirectory;
    }

    /** The lock shown in the detail pane. */
    public ObjectProperty<LockRow> selectedRowProperty() {
        return selectedRow;
    }

    /**
     * Every selected lock (the table's multi-selection, set by the view); Break and Refresh act on all
     * of them when there are several.
     */
    public ObservableList<LockRow> selectedRows() {
        return selectedRows;
    }

    public BooleanProperty notificationsEnabledProperty() {
        return notificationsEnabled;
    }

    /** Last scan, duration and counts. */
    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    /** Unreachable directories, scan problems, clock offsets; empty when all is well. */
    public ReadOnlyStringProperty warningTextProperty() {
        return warningText.getReadOnlyProperty();
    }

    /** What the last action did, in one line. */
    public ReadOnlyStringProperty lastMessageProperty() {
        return lastMessage.getReadOnlyProperty();
    }

    /** The current UI time. */
    public ObservableValue<Instant> now() {
        return now;
    }

    /** The events of one lock since watching began, oldest first. */
    public ObservableList<LockEvent> history(Path lock) {
        return history.computeIfAbsent(lock, p -> FXCollections.observableArrayList());
    }

    /** The timeline of a watched directory. */
    public Optional<TimelineModel> timeline(Path directory) {
        return Optional.ofNullable(timelines.get(directory));
    }

    /** Listens for notices (notifications are shown only while they are enabled). */
    public void onNotice(Consumer<Notice> listener) {
        noticeListeners.add(listener);
    }

    public Engine engine() {
        return engine;
    }

    // ---- directories ------------------------------------------------------------------------

    /**
     * Starts watching a directory. Returns false (and says why) if it is already watched.
     *
     * @param directory the directory
     * @param demo whether it is the demo workspace (labelled, never remembered)
     * @return true if added
     */
    public boolean addDirectory(Path directory, boolean demo) {
        Path dir = directory.toAbsolutePath().normalize();
        for (DirectoryItem d : directories) {
            if (d.path().equals(dir)) {
                lastMessage.set(dir + " is already watched");
                return false;
            }
        }
        DirectoryItem item = new DirectoryItem(dir, demo);
        directories.add(item);
        timelines.put(dir, new TimelineModel(dir, item.title(), now.getValue()));
        background.execute(() -> engine.watcher().watch(dir));
        if (!demo) {
            persist();
        }
        measureClock(dir);
        lastMessage.set("Watching " + dir);
        if (selectedDirectory.get() == null && directories.size() == 1) {
            selectedDirectory.set(item);
        }
        return true;
    }

    /** Parses a pasted path; false with a message if it is not a path. */
    public boolean addDirectory(String pasted) {
        String s = pasted == null ? "" : pasted.strip();
        if (s.startsWith("file://")) {
            s = s.substring("file://".length());
        }
        if (s.isEmpty()) {
            lastMessage.set("Type or paste a directory path first");
            return false;
        }
        try {
            return addDirectory(Path.of(s), false);
        } catch (RuntimeException e) {
            lastMessage.set("Not a path: " + s);
            return false;
        }
    }

    /** Stops watching a directory and forgets its locks. */
    public void removeDirectory(DirectoryItem item) {
        if (item == null || !directories.remove(item)) {
            return;
        }
        Path dir = item.path();
        background.execute(() -> engine.watcher().unwatch(dir));
        applied.remove(dir);
        timelines.remove(dir);
        clockOffsets.remove(dir);
        clockMeasured.remove(dir);
        clockReadOnly.remove(dir);
        List<LockRow> gone = rows.stream().filter(r -> r.directory().equals(dir)).toList();
        removeRows(gone);
        if (selectedDirectory.get() == item) {
            selectedDirectory.set(null);
        }
        if (!item.isDemo()) {
            persist();
        }
        lastMessage.set("Stopped watching " + dir);
        updateStatus();
    }

    /**
     * Remembers the watched directories. Saves run one at a time and the latest list wins: the list to
     * save is left in {@link #pendingSave}, and at most one drain task (on the background executor)
     * saves whatever is latest until nothing is left. Two quick adds on a pool of threads could
     * otherwise finish out of order and remember only the first.
     */
    private void persist() {
        if (store == null) {
            return;
        }
        pendingSave.set(directories.stream().filter(d -> !d.isDemo()).map(DirectoryItem::path).toList());
        if (saving.compareAndSet(false, true)) {
            background.execute(this::drainSaves);
        }
    }

    private void drainSaves() {
        while (true) {
            List<Path> dirs = pendingSave.getAndSet(null);
            if (dirs == null) {
                saving.set(false);
                // a persist() between getAndSet and set(false) saw saving == true and left its list here
                if (pendingSave.get() != null && saving.compareAndSet(false, true)) {
                    continue;
                }
                return;
            }
            try {
                store.save(dirs);
            } catch (java.io.IOException | RuntimeException e) {
                ui.execute(() -> notice(Notice.Level.WARNING, "Cannot remember directories",
                        store.file() + ": " + e.getMessage()));
            }
        }
    }

    // ---- the file server's clock ------------------------------------------------------------

    private void measureClocksDue(Instant at) {
        if (clockProbe == null || at == null) {
            return;
        }
        for (DirectoryItem d : List.copyOf(directories)) {
            Instant last = clockMeasured.get(d.path());
            if (last == null || Duration.between(last, at).compareTo(CLOCK_CHECK_INTERVAL) >= 0) {
                measureClock(d.path());
            }
        }
    }

    /**
     * Measures {@code dir}'s clock offset on the background executor (at most one measurement per
     * directory at a time, so a hung mount does not pile them up) and shows it in the warnings.
     */
    private void measureClock(Path dir) {
        if (clockProbe == null || closed || !clockMeasuring.add(dir)) {
            return;
        }
        clockMeasured.put(dir, now.getValue());
        background.execute(() -> {
            Duration offset = null;
            boolean readOnly = false;
            try {
                offset = clockProbe.offset(dir);
            } catch (java.nio.file.AccessDeniedException | java.nio.file.ReadOnlyFileSystemException e) {
                readOnly = true;
            } catch (java.nio.file.FileSystemException e) {
                readOnly = e.getReason() != null && e.getReason().toLowerCase(Locale.ROOT).contains("read-only");
            } catch (java.io.IOException | RuntimeException e) {
                // unknown; an unreachable directory is warned about by the watcher's status already
            }
            Duration measured = offset;
            boolean ro = readOnly;
            ui.execute(() -> {
                clockMeasuring.remove(dir);
                if (directories.stream().noneMatch(d -> d.path().equals(dir))) {
                    return; // stopped watching meanwhile
                }
                if (measured != null) {
                    clockOffsets.put(dir, measured);
                    clockReadOnly.remove(dir);
                } else if (ro) {
                    clockOffsets.remove(dir);
                    clockReadOnly.add(dir);
                }
                updateStatus();
            });
        });
    }

    /** The last measured clock offset of {@code dir} (this clock minus the file server's), if known. */
    public Optional<Duration> clockOffset(Path dir) {
        return Optional.ofNullable(clockOffsets.get(dir));
    }

    // ---- syncing with the watcher -----------------------------------------------------------

    /**
     * Reads the watcher's latest scans and directory statuses (memory only, cheap) and applies them on
     * the UI executor. The app calls this from a background timer; tests call it directly.
     */
    public void pull() {
        if (closed) {
            return;
        }
        Map<Path, DirectoryScan> latest = engine.watcher().latest();
        List<DirectoryStatus> statuses = engine.watcher().directories();
        ui.execute(() -> apply(latest, statuses));
    }

    /**
     * Pulls the watcher's latest scans every {@link #SYNC_INTERVAL} on {@code timer}, as the app does
     * (the timer's thread only reads memory; the rows are applied on the UI executor).
     *
     * @param timer a background timer, e.g. a single daemon thread
     * @return the schedule; cancel it (or shut the timer down) to stop
     */
    public ScheduledFuture<?> syncEvery(ScheduledExecutorService timer) {
        return timer.scheduleWithFixedDelay(this::pull, 0, SYNC_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The headless way to wait for a directory's locks, for tools and benchmarks: completes (on the UI
     * executor) with the row count as soon as {@link #allRows()} holds at least {@code count} rows. No
     * polling: it listens to the rows. Rows arrive through {@link #pull()}, so something must pull
     * ({@link #syncEvery}, or calls to {@code pull()}). Callable from any thread.
     *
     * @param count the number of rows to wait for
     * @return the future; it never completes if the rows never come, so wait with a timeout
     */
    public CompletableFuture<Integer> whenRows(int count) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        ui.execute(() -> {
            if (rows.size() >= count) {
                done.complete(rows.size());
                return;
            }
            ListChangeListener<LockRow> listener = new ListChangeListener<>() {
                @Override
                public void onChanged(Change<? extends LockRow> c) {
                    if (rows.size() >= count) {
                        rows.removeListener(this);
                        done.complete(rows.size());
                    }
                }
            };
            rows.addListener(listener);
        });
        return done;
    }

    /** Asks the watcher to rescan every directory now. */
    public void rescan() {
        background.execute(() -> {
            engine.watcher().rescanNow();
        });
        lastMessage.set("Rescanning…");
    }

    void apply(Map<Path, DirectoryScan> latest, List<DirectoryStatus> statuses) {
        Map<Path, DirectoryStatus> byDir = new HashMap<>();
        for (DirectoryStatus s : statuses) {
            byDir.put(s.directory().toAbsolutePath().normalize(), s);
        }
        for (DirectoryItem item : directories) {
            DirectoryStatus st = byDir.get(item.path());
            if (st != null) {
                item.modeProperty().set(st.mode());
                item.lastScanProperty().set(st.lastScan());
                item.lastScanTookProperty().set(st.lastScanTook());
                item.problemProperty().set(st.problem().orElse(null));
            }
            DirectoryScan scan = latest.get(item.path());
            if (scan != null && scan != applied.get(item.path())) {
                applied.put(item.path(), scan);
                applyScan(item, scan);
            }
        }
        flushChangedRows();
        updateStatus();
    }

    private void applyScan(DirectoryItem item, DirectoryScan scan) {
        Path dir = item.path();
        Set<Path> present = new HashSet<>();
        List<LockRow> added = new ArrayList<>();
        Map<LockStatus, Integer> counts = new EnumMap<>(LockStatus.class);
        for (LockSnapshot s : scan.locks()) {
            present.add(s.path());
            counts.merge(s.status(), 1, Integer::sum);
            LockRow row = rowsByPath.get(s.path());
            if (row == null) {
                row = new LockRow(dir, s, now);
                rowsByPath.put(s.path(), row);
                added.add(row);
            } else if (row.update(s)) {
                changedRows.add(row);
            }
        }
        List<LockRow> gone = new ArrayList<>();
        for (LockRow r : rows) {
            if (r.directory().equals(dir) && !present.contains(r.path())) {
                gone.add(r);
            }
        }
        removeRows(gone);
        rows.addAll(added);
        item.setCounts(counts);
    }

    /**
     * Re-filters and re-sorts the rows that changed, once for the whole batch: a lock that turned
     * breakable shows up under the Breakable filter, one that left it goes, and the table's sort by
     * state or expiry keeps up. Called after each sync and on the clock tick (for rows changed by events).
     */
    private void flushChangedRows() {
        if (changedRows.isEmpty()) {
            return;
        }
        Set<LockRow> batch = Set.copyOf(changedRows);
        changedRows.clear();
        rows.updated(batch);
    }

    private void removeRows(List<LockRow> gone) {
        if (gone.isEmpty()) {
            return;
        }
        Set<LockRow> set = new HashSet<>(gone);
        for (LockRow r : gone) {
            rowsByPath.remove(r.path());
        }
        changedRows.removeAll(set);
        rows.removeRows(set);
        selectedRows.removeIf(set::contains);
        if (selectedRow.get() != null && set.contains(selectedRow.get())) {
            selectedRow.set(null);
        }
    }

    void onEvent(LockEvent e) {
        if (closed) {
            return;
        }
        Path dir = e.directory().toAbsolutePath().normalize();
        TimelineModel t = timelines.get(dir);
        if (t == null) {
            return; // a directory we stopped watching
        }
        t.record(e);
        if (e.lock() != null) {
            ObservableList<LockEvent> h = history(e.lock());
            h.add(e);
            if (h.size() > MAX_HISTORY) {
                h.remove(0);
            }
        }
        LockSnapshot after = e.after();
        if (after != null && rowsByPath.containsKey(after.path())) {
            LockRow row = rowsByPath.get(after.path());
            if (row.update(after)) {
                changedRows.add(row); // filtered and sorted again with the next sync or tick, once for all
            }
        }
        switch (e.kind()) {
            case DIRECTORY_UNREACHABLE -> notice(Notice.Level.ERROR, "Directory unreachable",
                    dir + (e.detail().isEmpty() ? "" : ": " + e.detail()));
            case DIRECTORY_RECOVERED -> notice(Notice.Level.INFO, "Directory reachable again", dir.toString());
            default -> {
                if (after != null && ALERT_STATES.contains(after.status())
                        && (e.before() == null || e.before().status() != after.status()) && notificationsEnabled.get()) {
                    pendingLockAlerts.add(new Notice(Notice.Level.WARNING,
                            after.path().getFileName() + " is " + StateStyles.label(after.status()).toLowerCase(Locale.ROOT),
                            after.explanation().isEmpty() ? after.holderDescription() : Countdown.humane(after.explanation())));
                }
            }
        }
    }

    private void updateFilter() {
        String text = filterText.get() == null ? "" : filterText.get().strip().toLowerCase(Locale.ROOT);
        LockStatus state = filterState.get();
        DirectoryItem dir = selectedDirectory.get();
        Path dirPath = dir == null ? null : dir.path();
        visibleRows.setPredicate(r -> (dirPath == null || r.directory().equals(dirPath))
                && (state == null || r.status() == state)
                && r.matches(text));
    }

    private void updateStatus() {
        Map<LockStatus, Integer> total = new EnumMap<>(LockStatus.class);
        Instant last = null;
        Duration took = Duration.ZERO;
        List<String> warnings = new ArrayList<>();
        for (DirectoryItem d : directories) {
            d.countsProperty().get().forEach((k, v) -> total.merge(k, v, Integer::sum));
            Instant l = d.lastScanProperty().get();
            if (l != null && (last == null || l.isAfter(last))) {
                last = l;
            }
            Duration t = d.lastScanTookProperty().get();
            if (t != null && t.compareTo(took) > 0) {
                took = t;
            }
            if (d.isUnreachable()) {
                warnings.add(d.title() + " unreachable: " + d.problemProperty().get());
            }
            DirectoryScan scan = applied.get(d.path());
            if (scan != null && !scan.problems().isEmpty()) {
                warnings.add(d.title() + ": " + scan.problems().get(0));
            }
            Duration offset = clockOffsets.get(d.path());
            if (offset != null && offset.abs().compareTo(CLOCK_WARNING) > 0) {
                warnings.add(String.format(Locale.ROOT, "%s: this clock is %.1f s %s the file server's", d.title(),
                        offset.abs().toMillis() / 1000.0, offset.isNegative() ? "behind" : "ahead of"));
            } else if (offset == null && clockReadOnly.contains(d.path())) {
                warnings.add(d.title() + ": clock offset unknown (read-only)");
            }
        }
        if (directories.isEmpty()) {
            statusText.set("No directories watched: add one in the sidebar");
        } else {
            statusText.set("Last scan " + Countdown.time(last) + " (" + Countdown.took(took) + ") · "
                    + DirectoryItem.summarize(total));
        }
        warningText.set(String.join(" · ", warnings));
    }

    /**
     * Lock alerts wait for the next clock tick (at most a second), so that the locks one scan finds in
     * trouble raise one notification that lists them, not a stack of them.
     */
    private void flushLockAlerts() {
        if (pendingLockAlerts.isEmpty()) {
            return;
        }
        List<Notice> alerts = List.copyOf(pendingLockAlerts);
        pendingLockAlerts.clear();
        if (alerts.size() == 1) {
            notice(alerts.get(0).level(), alerts.get(0).title(), alerts.get(0).text());
            return;
        }
        StringBuilder text = new StringBuilder();
        alerts.stream().limit(MAX_ALERTS_LISTED).forEach(a -> text.append(text.length() == 0 ? "" : "\n").append(a.title()));
        if (alerts.size() > MAX_ALERTS_LISTED) {
            text.append("\n… and ").append(alerts.size() - MAX_ALERTS_LISTED).append(" more");
        }
        notice(Notice.Level.WARNING, alerts.size() + " locks need attention", text.toString());
    }

    private void notice(Notice.Level level, String title, String text) {
        if (!notificationsEnabled.get()) {
            return;
        }
        Notice n = new Notice(level, title, text);
        for (Consumer<Notice> l : List.copyOf(noticeListeners)) {
            l.accept(n);
        }
    }

    // ---- actions ----------------------------------------------------------------------------

    /**
     * Breaks the lock of {@code seen}, compare-and-break against exactly that snapshot.
     *
     * @return the engine's result, completed on the UI executor
     */
    public CompletableFuture<ActionResult> breakLock(LockSnapshot seen, boolean force, String reason) {
        lastMessage.set("Breaking " + seen.path().getFileName() + "…");
        return act(() -> engine.admin().breakLock(seen, force, reason), "Break")
                .thenApply(r -> {
                    markOwnBreak(r, force, reason);
                    return r;
                });
    }

    /** Extends the lock of {@code seen} by {@code lifetime} from now, if it is still that lock. */
    public CompletableFuture<ActionResult> refresh(LockSnapshot seen, Duration lifetime, String reason) {
        lastMessage.set("Refreshing " + seen.path().getFileName() + "…");
        return act(() -> engine.admin().refresh(seen, lifetime, reason), "Refresh");
    }

    /**
     * Breaks several locks, each compare-and-break against its own snapshot and with its own force
     * flag, one after the other on the background executor. A lock that fails does not stop the others.
     *
     * @param requests the locks as shown in the dialog, each with the force flag it needs
     * @param reason the one reason, written to the audit log for each
     * @return the per-lock results, completed on the UI executor
     */
    public CompletableFuture<BatchResult> breakLocks(List<BreakDialogModel.Request> requests, String reason) {
        List<BreakDialogModel.Request> todo = List.copyOf(requests);
        lastMessage.set("Breaking " + todo.size() + " locks…");
        return actAll("Break", todo.stream().map(q -> (java.util.function.Supplier<ActionResult>) () -> {
            try {
                return engine.admin().breakLock(q.seen(), q.force(), reason);
            } catch (RuntimeException e) {
                return new ActionResult(ActionResult.Outcome.FAILED, q.seen().path() + ": " + e, q.seen());
            }
        }).toList()).thenApply(b -> {
            for (int i = 0; i < b.results().size() && i < todo.size(); i++) {
                markOwnBreak(b.results().get(i), todo.get(i).force(), reason);
            }
            return b;
        });
    }

    /** A break this app made is a break on the timeline, whatever state the lock was in. */
    private void markOwnBreak(ActionResult r, boolean force, String reason) {
        if (r.outcome() != ActionResult.Outcome.DONE || r.seen() == null) {
            return;
        }
        LockSnapshot seen = r.seen();
        Path parent = seen.path().getParent();
        for (TimelineModel t : timelines.values()) {
            if (parent != null && parent.startsWith(t.directory())) {
                t.recordOwnBreak(seen, now.getValue(), "broken here" + (force ? " (forced)" : "")
                        + (reason == null || reason.isBlank() ? "" : ": " + reason));
            }
        }
    }

    /**
     * Extends several locks by {@code lifetime} from now, each only if it is still the lock of its own
     * snapshot, one after the other on the background executor.
     *
     * @return the per-lock results, completed on the UI executor
     */
    public CompletableFuture<BatchResult> refreshLocks(List<LockSnapshot> seen, Duration lifetime, String reason) {
        List<LockSnapshot> todo = List.copyOf(seen);
        lastMessage.set("Refreshing " + todo.size() + " locks…");
        return actAll("Refresh", todo.stream().map(s -> (java.util.function.Supplier<ActionResult>) () -> {
            try {
                return engine.admin().refresh(s, lifetime, reason);
            } catch (RuntimeException e) {
                return new ActionResult(ActionResult.Outcome.FAILED, s.path() + ": " + e, s);
            }
        }).toList());
    }

    private CompletableFuture<BatchResult> actAll(String name, List<java.util.function.Supplier<ActionResult>> actions) {
        return CompletableFuture.supplyAsync(() -> {
            List<ActionResult> results = new ArrayList<>();
            for (java.util.function.Supplier<ActionResult> a : actions) {
                results.add(a.get());
            }
            return new BatchResult(name, results);
        }, background).thenApplyAsync(b -> {
            lastMessage.set(b.summary());
            if (!b.allDone()) {
                notice(Notice.Level.ERROR, name + ": " + b.notDone().size() + " of " + b.results().size()
                        + " not done", b.summary());
            }
            background.execute(() -> engine.watcher().rescanNow());
            return b;
        }, ui);
    }

    private CompletableFuture<ActionResult> act(java.util.function.Supplier<ActionResult> action, String name) {
        return CompletableFuture.supplyAsync(action, background).handleAsync((r, err) -> {
            if (err != null) {
                Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                        ? err.getCause() : err;
                lastMessage.set(name + " failed: " + cause);
                notice(Notice.Level.ERROR, name + " failed", String.valueOf(cause.getMessage()));
                throw new java.util.concurrent.CompletionException(cause);
            }
            lastMessage.set(r.message());
            if (r.outcome() != ActionResult.Outcome.DONE) {
                notice(Notice.Level.ERROR, outcomeHeadline(name, r.outcome()), r.message());
            }
            background.execute(() -> engine.watcher().rescanNow());
            return r;
        }, ui);
    }

    /** "Break refused: the lock changed since you looked", for a notice or an alert. */
    static String outcomeHeadline(String action, ActionResult.Outcome outcome) {
        return switch (outcome) {
            case DONE -> action + " done";
            case REFUSED_CHANGED -> action + " refused: the lock changed since you looked";
            case REFUSED_NOT_BREAKABLE -> action + " refused: the lock may be in use (force not confirmed)";
            case REFUSED_GONE -> action + " refused: the lock no longer exists";
            default -> action + " failed";
        };
    }

    /** A fresh scan of {@code dir} and the orphan claims that clean would remove (dry run). */
    public CompletableFuture<Map.Entry<DirectoryScan, CleanResult>> previewClean(Path dir) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                DirectoryScan scan = engine.scanner().scan(dir);
                return Map.entry(scan, engine.admin().clean(scan, false));
            } catch (java.io.IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, background).whenCompleteAsync((r, err) -> {
            if (err != null) {
                lastMessage.set("Cannot scan " + dir + ": " + err.getCause());
            }
        }, ui);
    }

    /** Removes the orphan claims of {@code scan} (each re-checked by the engine). */
    public CompletableFuture<CleanResult> clean(DirectoryScan scan) {
        return CompletableFuture.supplyAsync(() -> engine.admin().clean(scan, true), background)
                .whenCompleteAsync((r, err) -> {
                    if (err != null) {
                        lastMessage.set("Clean failed: " + err.getCause());
                        notice(Notice.Level.ERROR, "Clean failed", String.valueOf(err.getCause()));
                    } else {
                        lastMessage.set("Removed " + r.removed().size() + " orphan claim(s) in " + r.directory()
                                + (r.problems().isEmpty() ? "" : "; skipped " + r.problems().size() + ": " + r.problems().get(0)));
                        background.execute(() -> engine.watcher().rescanNow());
                    }
                }, ui);
    }

    /** The audit log's records, newest last. */
    public CompletableFuture<List<AuditRecord>> readAudit() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return engine.admin().auditLog().read();
            } catch (java.io.IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, background).whenCompleteAsync((r, err) -> { }, ui);
    }

    /** Runs the doctor on {@code dir}; its clock offset shows in the warnings. */
    public CompletableFuture<DoctorReport> doctor(Path dir) {
        lastMessage.set("Checking " + dir + "…");
        return CompletableFuture.supplyAsync(() -> {
            try {
                return engine.doctor().check(dir);
            } catch (java.io.IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, background).whenCompleteAsync((r, err) -> {
            if (err != null) {
                lastMessage.set("Doctor failed on " + dir + ": " + err.getCause());
            } else {
                lastMessage.set(dir + ": " + r.verdict());
                r.clockOffset().ifPresent(o -> {
                    clockOffsets.put(dir, o);
                    clockMeasured.put(dir, now.getValue());
                });
                updateStatus();
            }
        }, ui);
    }

    /**
     * Opens {@code dir} in the desktop's file manager. Both steps may block on the filesystem or the
     * desktop ({@code Path.toUri()} stats the directory; the desktop hand-off may go through GTK or
     * start a process), so they run on the background executor; a failure comes back as a message and
     * a notice.
     *
     * @param dir the directory to show
     * @param opener shows a URI, e.g. {@code HostServices::showDocument}
     * @return completes (on the UI executor) when the desktop was asked, exceptionally if that failed
     */
    public CompletableFuture<Void> openFolder(Path dir, Consumer<String> opener) {
        lastMessage.set("Opening " + dir + "…");
        return CompletableFuture.runAsync(() -> opener.accept(dir.toUri().toString()), background)
                .whenCompleteAsync((v, err) -> {
                    if (err != null) {
                        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                                ? err.getCause() : err;
                        lastMessage.set("Cannot open " + dir + ": " + cause.getMessage());
                        notice(Notice.Level.ERROR, "Cannot open folder", dir + ": " + cause.getMessage());
                    } else {
                        lastMessage.set("Opened " + dir);
                    }
                }, ui);
    }

    /** Unsubscribes from the watcher. Does not close the engine. */
    @Override
    public void close() {
        closed = true;
        subscription.close();
    }
}

package io.github.lockwatch.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.inspect.ActionResult;
import io.github.lockwatch.inspect.AuditLog;
import io.github.lockwatch.inspect.DirectoryScan;
import io.github.lockwatch.inspect.DirectoryStatus;
import io.github.lockwatch.inspect.Doctor;
import io.github.lockwatch.inspect.LockAdmin;
import io.github.lockwatch.inspect.LockEvent;
import io.github.lockwatch.inspect.LockScanner;
import io.github.lockwatch.inspect.LockSnapshot;
import io.github.lockwatch.inspect.LockStatus;
import io.github.lockwatch.inspect.Subscription;
import io.github.lockwatch.inspect.WatchMode;
import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The main view model on the test thread: no toolkit, no timers, a fake watcher feed. */
class MainViewModelTest {

    /** A watcher stand-in the test drives by hand. */
    static final class FakeFeed implements LockFeed {
        final Map<Path, DirectoryScan> latest = new HashMap<>();
        final List<Path> watched = new ArrayList<>();
        final List<Consumer<LockEvent>> listeners = new ArrayList<>();
        String problem;

        @Override
        public void watch(Path directory) {
            watched.add(directory);
        }

        @Override
        public void unwatch(Path directory) {
            watched.remove(directory);
        }

        @Override
        public Subscription subscribe(Consumer<LockEvent> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        @Override
        public List<DirectoryStatus> directories() {
            return watched.stream().map(d -> new DirectoryStatus(d, WatchMode.EVENTS_AND_POLLING,
                    latest.containsKey(d) ? latest.get(d).scannedAt() : null, Duration.ofMillis(3),
                    Optional.ofNullable(problem))).toList();
        }

        @Override
        public Map<Path, DirectoryScan> latest() {
            return Map.copyOf(latest);
        }

        @Override
        public void rescanNow() {
        }

        @Override
        public void close() {
        }

        void emit(LockEvent e) {
            listeners.forEach(l -> l.accept(e));
        }
    }

    @TempDir
    Path tmp;

    private final Path dir = Path.of("/srv/locks");
    private final Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
    private Instant time = t0;
    private final UiClock clock = new UiClock(() -> time);
    private FakeFeed feed;
    private MainViewModel vm;
    private WatchedDirectories store;
    private final List<Notice> notices = new ArrayList<>();

    @BeforeEach
    void setUp() {
        feed = new FakeFeed();
        LockScanner scanner = LockScanner.builder().clock(InstantSource.system()).build();
        LockAdmin admin = LockAdmin.builder().auditLog(AuditLog.at(tmp.resolve("audit.jsonl"))).scanner(scanner).build();
        store = new WatchedDirectories(tmp.resolve("config"));
        vm = new MainViewModel(new Engine(scanner, feed, admin, Doctor.create()), Runnable::run, Runnable::run,
                clock.nowProperty(), store);
        vm.onNotice(notices::add);
    }

    private LockSnapshot lock(String name, LockStatus status, long pid, int expiresInSeconds) {
        return TestSnapshots.snapshot(dir.resolve(name), status, "host-" + pid, pid, t0.plusSeconds(expiresInSeconds));
    }

    private void scan(Path d, LockSnapshot... locks) {
        feed.latest.put(d, new DirectoryScan(d, time, Duration.ofMillis(2), List.of(locks), List.of(), List.of()));
        vm.pull();
    }

    @Test
    void rowsFollowTheWatchersScansAndKeepTheirIdentity() {
        vm.addDirectory(dir, false);
        scan(dir, lock("a.lck", LockStatus.HELD, 1, 30), lock("b.lck", LockStatus.HELD, 2, 30));
        assertEquals(2, vm.allRows().size());
        LockRow a = vm.allRows().stream().filter(r -> r.name().equals("a.lck")).findFirst().orElseThrow();
        vm.selectedRowProperty().set(a);

        scan(dir, lock("a.lck", LockStatus.EXPIRING, 1, 3));
        assertEquals(1, vm.allRows().size());
        assertSame(a, vm.allRows().get(0), "the same row object, so the selection survives");
        assertEquals(LockStatus.EXPIRING, a.status());
        assertSame(a, vm.selectedRowProperty().get());
        assertEquals("1 lock · 1 expiring", vm.directories().get(0).summaryProperty().get());
        assertTrue(vm.statusTextProperty().get().contains("1 expiring"), vm.statusTextProperty().get());

        scan(dir);
        assertTrue(vm.allRows().isEmpty());
        assertNull(vm.selectedRowProperty().get(), "a vanished lock is no longer selected");
    }

    @Test
    void countdownsFollowTheOneClockTick() {
        vm.addDirectory(dir, false);
        scan(dir, lock("a.lck", LockStatus.HELD, 1, 2));
        LockRow row = vm.allRows().get(0);
        assertEquals("in 2 s", row.expiresInProperty().get().text());
        time = t0.plusSeconds(14);
        clock.tick();
        assertEquals("expired 12 s ago", row.expiresInProperty().get().text());
    }

    @Test
    void aRescanThatFindsTheLockUnchangedDoesNotDisturbTheTable() {
        vm.addDirectory(dir, false);
        LockSnapshot first = lock("a.lck", LockStatus.HELD, 1, 30);
        scan(dir, first);
        LockRow row = vm.allRows().get(0);
        int[] tableNotified = {0};
        row.appearanceProperty().addListener(o -> tableNotified[0]++);

        // The next scan: a new object, later scan time, the explanation's wording moved on.
        LockSnapshot again = new LockSnapshot(first.path(), first.rawContent(), first.claim(), first.host(), first.pid(),
                first.expires(), first.mtime(), first.ctime(), first.fileKey(), first.inode(), first.linkCount(),
                first.owner(), first.waiters(), first.findings(), first.status(), "expires in 29 s", first.liveness(),
                first.livenessEvidence(), first.scannedAt().plusSeconds(1));
        scan(dir, again);
        assertSame(again, row.snapshot(), "the detail pane still gets the latest snapshot");
        assertSame(again, row.appearanceProperty().getValue());
        assertEquals(0, tableNotified[0], "the table's cells are not told about an unchanged lock");

        scan(dir, lock("a.lck", LockStatus.EXPIRING, 1, 3));
        assertEquals(1, tableNotified[0]);
        assertEquals(LockStatus.EXPIRING, row.appearanceProperty().getValue().status());
        vm.filterStateProperty().set(LockStatus.EXPIRING);
        assertEquals(1, vm.visibleRows().size(), "the search text follows a real change");
    }

    @Test
    void whenRowsCompletesOnceTheRowsAreIn() {
        vm.addDirectory(dir, false);
        java.util.concurrent.CompletableFuture<Integer> two = vm.whenRows(2);
        scan(dir, lock("a.lck", LockStatus.HELD, 1, 30));
        assertFalse(two.isDone());
        scan(dir, lock("a.lck", LockStatus.HELD, 1, 30), lock("b.lck", LockStatus.HELD, 2, 30));
        assertEquals(2, two.getNow(-1));
        assertEquals(2, vm.whenRows(1).getNow(-1), "already there: completes at once");
    }

    @Test
    void quickFilterMatchesTextStateAndDirectory() {
        Path other = Path.of("/srv/other");
        vm.addDirectory(dir, false);
        vm.addDirectory(other, false);
        vm.selectedDirectoryProperty().set(null);
        scan(dir, lock("alpha.lck", LockStatus.HELD, 11, 30), lock("beta.lck", LockStatus.BREAKABLE, 22, -60));
        scan(other, TestSnapshots.snapshot(other.resolve("gamma.lck"), LockStatus.CORRUPT, "x", 33, t0));
        assertEquals(3, vm.visibleRows().size());

        vm.filterTextProperty().set("BETA");
        assertEquals(List.of("beta.lck"), vm.visibleRows().stream().map(LockRow::name).toList());
        vm.filterTextProperty().set("host-11");
        assertEquals(List.of("alpha.lck"), vm.visibleRows().stream().map(LockRow::name).toList());
        vm.filterTextProperty().set("");
        vm.filterStateProperty().set(LockStatus.CORRUPT);
        assertEquals(List.of("gamma.lck"), vm.visibleRows().stream().map(LockRow::name).toList());
        vm.filterStateProperty().set(null);
        vm.selectedDirectoryProperty().set(vm.directories().get(0));
        assertEquals(2, vm.visibleRows().size());
    }

    @Test
    void aStateFilterSetBeforehandFollowsLocksEnteringAndLeavingTheState() {
        vm.addDirectory(dir, false);
        vm.filterStateProperty().set(LockStatus.BREAKABLE);
        scan(dir, lock("a.lck", LockStatus.HELD, 1, 30), lock("b.lck", LockStatus.HELD, 2, 30));
        assertTrue(vm.visibleRows().isEmpty());

        time = t0.plusSeconds(60);
        scan(dir, lock("a.lck", LockStatus.BREAKABLE, 1, 30), lock("b.lck", LockStatus.HELD, 2, 30));
        assertEquals(List.of("a.lck"), vm.visibleRows().stream().map(LockRow::name).toList(),
                "a lock that turned breakable shows up without touching the filter");

        scan(dir, lock("a.lck", LockStatus.HELD, 1, 300), lock("b.lck", LockStatus.HELD, 2, 30));
        assertTrue(vm.visibleRows().isEmpty(), "a lock that left the state goes");
    }

    @Test
    void aStateChangeReportedByAnEventIsFilteredAtTheNextTick() {
        vm.addDirectory(dir, false);
        LockSnapshot held = lock("a.lck", LockStatus.HELD, 1, 30);
        scan(dir, held);
        vm.filterStateProperty().set(LockStatus.HOLDER_DEAD);
        assertTrue(vm.visibleRows().isEmpty());
        LockSnapshot dead = lock("a.lck", LockStatus.HOLDER_DEAD, 1, 30);
        feed.emit(new LockEvent(LockEvent.Kind.STATE_CHANGED, dir, held.path(), held, dead, t0, ""));
        tick();
        assertEquals(1, vm.visibleRows().size());
    }

    @Test
    void theTablesSortByStateAndExpiryFollowsChanges() {
        vm.addDirectory(dir, false);
        javafx.collections.transformation.SortedList<LockRow> byExpiry = new javafx.collections.transformation.SortedList<>(
                vm.visibleRows(), java.util.Comparator.comparing(r -> r.snapshot().expires()));
        scan(dir, lock("a.lck", LockStatus.HELD, 1, 10), lock("b.lck", LockStatus.HELD, 2, 20),
                lock("c.lck", LockStatus.HELD, 3, 30));
        assertEquals(List.of("a.lck", "b.lck", "c.lck"), byExpiry.stream().map(LockRow::name).toList());
        scan(dir, lock("a.lck", LockStatus.HELD, 1, 300), lock("b.lck", LockStatus.HELD, 2, 20),
                lock("c.lck", LockStatus.HELD, 3, 30));
        assertEquals(List.of("b.lck", "c.lck", "a.lck"), byExpiry.stream().map(LockRow::name).toList(),
                "a refreshed lock moves to its new place");

        byExpiry.setComparator(java.util.Comparator.comparing(LockRow::status).thenComparing(LockRow::name));
        scan(dir, lock("a.lck", LockStatus.HELD, 1, 300), lock("b.lck", LockStatus.BREAKABLE, 2, -60),
                lock("c.lck", LockStatus.EXPIRING, 3, 3));
        assertEquals(List.of("a.lck", "c.lck", "b.lck"), byExpiry.stream().map(LockRow::name).toList());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void tenThousandChangedRowsAreFilteredAndSortedOncePerSync() {
        vm.addDirectory(dir, false);
        vm.filterStateProperty().set(LockStatus.BREAKABLE);
        javafx.collections.transformation.SortedList<LockRow> sorted = new javafx.collections.transformation.SortedList<>(
                vm.visibleRows(), java.util.Comparator.comparing(r -> r.snapshot().expires()));
        int[] changes = {0};
        sorted.addListener((javafx.collections.ListChangeListener<LockRow>) c -> changes[0]++);
        LockSnapshot[] many = new LockSnapshot[10_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = lock("lock-" + i + ".lck", LockStatus.HELD, i, 600 + i);
        }
        scan(dir, many);
        assertTrue(sorted.isEmpty());
        changes[0] = 0;
        LockSnapshot[] changed = many.clone();
        for (int i = 0; i < changed.length; i += 3) { // every third lock, scattered
            changed[i] = lock("lock-" + i + ".lck", LockStatus.BREAKABLE, i, -10_000 - i);
        }
        scan(dir, changed);
        assertEquals(3334, sorted.size());
        assertEquals(1, changes[0], "one change for the whole sync, not one per row");
        assertEquals("lock-9999.lck", sorted.get(0).name(), "sorted by the new expiry");
    }

    @Test
    void openFolderAsksTheDesktopOnTheBackgroundExecutorAndReportsAFailure() {
        List<Runnable> background = new ArrayList<>();
        MainViewModel queued = new MainViewModel(vm.engine(), Runnable::run, background::add, clock.nowProperty(), null);
        queued.onNotice(notices::add);
        List<String> opened = new ArrayList<>();
        java.util.concurrent.CompletableFuture<Void> ok = queued.openFolder(dir, opened::add);
        assertTrue(opened.isEmpty(), "nothing happens on the calling (UI) thread");
        assertFalse(ok.isDone());
        background.remove(0).run();
        assertEquals(List.of(dir.toUri().toString()), opened);
        assertTrue(ok.isDone());

        java.util.concurrent.CompletableFuture<Void> failed = queued.openFolder(dir, uri -> {
            throw new UnsupportedOperationException("no desktop");
        });
        background.remove(0).run();
        assertTrue(failed.isCompletedExceptionally());
        assertEquals(1, notices.size());
        assertEquals("Cannot open folder", notices.get(0).title());
        assertTrue(queued.lastMessageProperty().get().contains("no desktop"), queued.lastMessageProperty().get());
        queued.close();
    }

    @Test
    void theClockOffsetIsMeasuredWhenADirectoryIsAddedAndEveryTenMinutes() {
        List<Path> asked = new ArrayList<>();
        Duration[] offset = {Duration.ofMillis(300)};
        MainViewModel m = new MainViewModel(vm.engine(), Runnable::run, Runnable::run, clock.nowProperty(), null, d -> {
            asked.add(d);
            return offset[0];
        });
        m.addDirectory(dir, false);
        assertEquals(List.of(dir), asked, "measured at once");
        assertEquals(Optional.of(Duration.ofMillis(300)), m.clockOffset(dir));
        assertEquals("", m.warningTextProperty().get(), "0.3 s is fine");

        offset[0] = Duration.ofMillis(-4200);
        time = t0.plus(MainViewModel.CLOCK_CHECK_INTERVAL).minusSeconds(1);
        clock.tick();
        assertEquals(1, asked.size(), "not again before ten minutes");
        time = t0.plus(MainViewModel.CLOCK_CHECK_INTERVAL);
        clock.tick();
        assertEquals(2, asked.size());
        assertEquals("locks: this clock is 4.2 s behind the file server's", m.warningTextProperty().get());
        m.close();
    }

    @Test
    void aReadOnlyDirectorysClockOffsetIsUnknownNotAFailure() {
        MainViewModel m = new MainViewModel(vm.engine(), Runnable::run, Runnable::run, clock.nowProperty(), null, d -> {
            throw new java.nio.file.AccessDeniedException(d.resolve(".lockwatch-doctor-clock-x").toString());
        });
        m.onNotice(notices::add);
        m.addDirectory(dir, false);
        assertEquals(Optional.empty(), m.clockOffset(dir));
        assertEquals("locks: clock offset unknown (read-only)", m.warningTextProperty().get());
        assertTrue(notices.isEmpty());
        m.close();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aHungClockMeasurementIsNotStartedAgain() {
        List<Runnable> background = new ArrayList<>();
        int[] calls = {0};
        MainViewModel m = new MainViewModel(vm.engine(), Runnable::run, background::add, clock.nowProperty(), null, d -> {
            calls[0]++;
            return Duration.ofSeconds(5);
        });
        m.addDirectory(dir, false);
        int queued = background.size(); // the watch request and the probe, not run yet (a hung mount)
        time = t0.plus(MainViewModel.CLOCK_CHECK_INTERVAL.multipliedBy(3));
        clock.tick();
        assertEquals(queued, background.size(), "no second probe while the first has not come back");
        List.copyOf(background).forEach(Runnable::run);
        background.clear();
        assertEquals(1, calls[0]);
        time = time.plus(MainViewModel.CLOCK_CHECK_INTERVAL);
        clock.tick();
        assertEquals(1, background.size(), "measured again once the first came back and ten minutes passed");
        m.close();
    }

    @Test
    void aLockEnteringAnAlertStateRaisesOneNoticeUnlessSwitchedOff() {
        vm.addDirectory(dir, false);
        LockSnapshot held = lock("a.lck", LockStatus.HELD, 1, 30);
        LockSnapshot dead = lock("a.lck", LockStatus.HOLDER_DEAD, 1, 30);
        feed.emit(new LockEvent(LockEvent.Kind.APPEARED, dir, held.path(), null, held, t0, ""));
        assertTrue(notices.isEmpty());
        feed.emit(new LockEvent(LockEvent.Kind.STATE_CHANGED, dir, held.path(), held, dead, t0, ""));
        assertTrue(notices.isEmpty(), "raised on the next clock tick");
        tick();
        assertEquals(1, notices.size());
        assertEquals("a.lck is holder dead", notices.get(0).title());
        feed.emit(new LockEvent(LockEvent.Kind.REFRESHED, dir, held.path(), dead, dead, t0, ""));
        tick();
        assertEquals(1, notices.size(), "no repeat while the state stays");
        assertEquals(3, vm.history(held.path()).size(), "the detail pane's history");

        vm.notificationsEnabledProperty().set(false);
        LockSnapshot corrupt = lock("b.lck", LockStatus.CORRUPT, 2, 0);
        feed.emit(new LockEvent(LockEvent.Kind.APPEARED, dir, corrupt.path(), null, corrupt, t0, ""));
        tick();
        assertEquals(1, notices.size());
    }

    @Test
    void locksThatOneScanFindsInTroubleRaiseOneNoticeListingThem() {
        vm.addDirectory(dir, false);
        List<LockSnapshot> trouble = List.of(lock("a.lck", LockStatus.BREAKABLE, 1, -30),
                lock("b.lck", LockStatus.HOLDER_DEAD, 2, 30), lock("c.lck", LockStatus.CORRUPT, 3, 0));
        for (LockSnapshot s : trouble) {
            feed.emit(new LockEvent(LockEvent.Kind.APPEARED, dir, s.path(), null, s, t0, ""));
        }
        tick();
        assertEquals(1, notices.size(), "one notification, not three: " + notices);
        assertEquals("3 locks need attention", notices.get(0).title());
        assertEquals("a.lck is breakable\nb.lck is holder dead\nc.lck is corrupt", notices.get(0).text());
        tick();
        assertEquals(1, notices.size(), "nothing new to say");
    }

    private void tick() {
        time = time.plusSeconds(1);
        clock.tick();
    }

    @Test
    void unreachableDirectoriesAreMarkedAndWarnedAbout() {
        vm.addDirectory(dir, false);
        feed.problem = "no answer for 10 s (hung mount?)";
        scan(dir);
        assertTrue(vm.directories().get(0).isUnreachable());
        assertTrue(vm.warningTextProperty().get().contains("unreachable"), vm.warningTextProperty().get());
    }

    @Test
    void watchedDirectoriesAreRememberedButTheDemoIsNot() {
        assertTrue(vm.addDirectory(dir, false));
        assertFalse(vm.addDirectory(dir, false), "already watched");
        assertTrue(vm.addDirectory(Path.of("/tmp/lockwatch-demo-1"), true));
        assertTrue(vm.addDirectory("  file:///srv/pasted  "));
        assertEquals(List.of(dir, Path.of("/srv/pasted")), store.load());
        vm.removeDirectory(vm.directories().get(0));
        assertEquals(List.of(Path.of("/srv/pasted")), store.load());
        assertEquals(List.of(Path.of("/tmp/lockwatch-demo-1"), Path.of("/srv/pasted")), feed.watched);
    }

    @Test
    void twoQuickAddsAreBothRememberedWhateverOrderTheBackgroundRunsIn() {
        List<Runnable> queued = new ArrayList<>();
        MainViewModel m = new MainViewModel(vm.engine(), Runnable::run, queued::add, clock.nowProperty(), store, null);
        m.addDirectory(Path.of("/srv/one"), false);
        m.addDirectory(Path.of("/srv/two"), false);
        // a pool may run the tasks in any order: run them last first
        for (int i = queued.size() - 1; i >= 0; i--) {
            queued.get(i).run();
        }
        assertEquals(List.of(Path.of("/srv/one"), Path.of("/srv/two")), store.load());
        m.close();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void manyQuickAddsOnAPoolOfThreadsLeaveTheLastListSaved() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            MainViewModel m = new MainViewModel(vm.engine(), Runnable::run, pool, clock.nowProperty(), store, null);
            List<Path> all = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                all.add(Path.of("/srv/d" + i));
                m.addDirectory(all.get(i), false);
            }
            m.removeDirectory(m.directories().get(0));
            List<Path> expected = all.subList(1, all.size());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!store.load().equals(expected)) {
                assertTrue(System.nanoTime() < deadline, "the last list was not saved: " + store.load());
                Thread.sleep(5); // polling with a deadline
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(expected, store.load(), "and nothing older overwrote it afterwards");
            m.close();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void tenThousandRowsAreAppliedUpdatedInPlaceAndFiltered() {
        vm.addDirectory(dir, false);
        LockSnapshot[] many = new LockSnapshot[10_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = lock("lock-" + i + ".lck", i % 7 == 0 ? LockStatus.BREAKABLE : LockStatus.HELD, i, i % 600);
        }
        scan(dir, many);
        LockRow first = vm.allRows().get(0);
        scan(dir, many.clone()); // a rescan with the same locks: updates in place
        vm.filterTextProperty().set("lock-99");
        assertEquals(10_000, vm.allRows().size());
        assertSame(first, vm.allRows().get(0), "rows are updated in place, not rebuilt");
        assertEquals(111, vm.visibleRows().size()); // lock-99, lock-990..999, lock-9900..9999
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void breakingGoesThroughTheEnginesCompareAndBreak() throws Exception {
        Path real = tmp.resolve("real");
        java.nio.file.Files.createDirectories(real);
        HeldLock held = LockFile.builder(real.resolve("x.lck")).lifetime(Duration.ofSeconds(60)).build().lock(Duration.ofSeconds(5));
        LockSnapshot seen = vm.engine().scanner().inspect(held.lockFile());
        assertEquals(LockStatus.HELD, seen.status());

        ActionResult notForced = vm.breakLock(seen, false, "test").get(10, TimeUnit.SECONDS);
        assertEquals(ActionResult.Outcome.REFUSED_NOT_BREAKABLE, notForced.outcome());
        assertEquals(1, notices.size(), "a failed action is notified");

        held.refresh(Duration.ofSeconds(300));
        ActionResult changed = vm.breakLock(seen, true, "test").get(10, TimeUnit.SECONDS);
        assertEquals(ActionResult.Outcome.REFUSED_CHANGED, changed.outcome());
        assertTrue(held.verify());
        assertEquals(changed.message(), vm.lastMessageProperty().get());

        LockSnapshot now = vm.engine().scanner().inspect(held.lockFile());
        ActionResult done = vm.breakLock(now, true, "test").get(10, TimeUnit.SECONDS);
        assertEquals(ActionResult.Outcome.DONE, done.outcome(), done.message());
        assertFalse(held.verify());
        assertEquals(3, vm.engine().admin().auditLog().read().size());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theAppsOwnForcedBreakIsMarkedAsABreakOnTheTimeline() throws Exception {
        Path real = tmp.resolve("timeline");
        java.nio.file.Files.createDirectories(real);
        vm.addDirectory(real, false);
        HeldLock held = LockFile.builder(real.resolve("x.lck")).lifetime(Duration.ofSeconds(60)).build().lock(Duration.ofSeconds(5));
        LockSnapshot seen = vm.engine().scanner().inspect(held.lockFile());
        ActionResult done = vm.breakLock(seen, true, "hung job").get(10, TimeUnit.SECONDS);
        assertEquals(ActionResult.Outcome.DONE, done.outcome(), done.message());
        TimelineModel t = vm.timeline(real.toAbsolutePath().normalize()).orElseThrow();
        List<TimelineModel.Mark> marks = t.lanes().get(0).marks();
        assertEquals(1, marks.size(), marks.toString());
        assertEquals(LockEvent.Kind.BROKEN, marks.get(0).kind());
        assertEquals("broken here (forced): hung job", marks.get(0).label());
    }

    /** A lock of this JVM's library whose file says it expired five minutes ago, on a host that is gone. */
    private HeldLock staleLock(Path d, String name) throws Exception {
        HeldLock h = LockFile.builder(d.resolve(name)).lifetime(Duration.ofSeconds(30)).hostname("gone.example.org")
                .build().lock(Duration.ofSeconds(5));
        java.nio.file.Files.setLastModifiedTime(h.lockFile(), java.nio.file.attribute.FileTime.from(
                Instant.now().minus(Duration.ofMinutes(5)).getEpochSecond(), TimeUnit.SECONDS));
        return h;
    }

    private List<LockSnapshot> inspect(HeldLock... locks) throws Exception {
        List<LockSnapshot> seen = new ArrayList<>();
        for (HeldLock h : locks) {
            seen.add(vm.engine().scanner().inspect(h.lockFile()));
        }
        return seen;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void breakingSeveralLocksBreaksEachAgainstItsOwnSnapshot() throws Exception {
        Path real = tmp.resolve("multi");
        java.nio.file.Files.createDirectories(real);
        HeldLock a = staleLock(real, "a.lck");
        HeldLock b = staleLock(real, "b.lck");
        HeldLock c = staleLock(real, "c.lck");
        BreakDialogModel m = new BreakDialogModel(inspect(a, b, c));
        assertFalse(m.forceRequired(), m.seenAll().toString());
        m.reasonProperty().set("share cleanup");

        BatchResult r = vm.breakLocks(m.requests(), m.reason()).get(10, TimeUnit.SECONDS);
        assertTrue(r.allDone(), r.summary());
        assertEquals("3 broken", r.summary());
        assertEquals("3 broken", vm.lastMessageProperty().get());
        assertFalse(a.verify() || b.verify() || c.verify());
        List<io.github.lockwatch.inspect.AuditRecord> audit = vm.engine().admin().auditLog().read();
        assertEquals(List.of("break", "break", "break"), audit.stream().map(io.github.lockwatch.inspect.AuditRecord::action).toList());
        assertEquals("share cleanup", audit.get(2).reason());
        assertTrue(notices.isEmpty(), notices.toString());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aLockThatChangedSinceTheDialogOpenedIsRefusedWhileTheOthersAreBroken() throws Exception {
        Path real = tmp.resolve("changed");
        java.nio.file.Files.createDirectories(real);
        HeldLock a = staleLock(real, "a.lck");
        HeldLock db = staleLock(real, "db.lck");
        HeldLock c = staleLock(real, "c.lck");
        BreakDialogModel m = new BreakDialogModel(inspect(a, db, c));
        m.reasonProperty().set("share cleanup");
        db.refresh(Duration.ofSeconds(300)); // its holder comes back while the dialog is open

        BatchResult r = vm.breakLocks(m.requests(), m.reason()).get(10, TimeUnit.SECONDS);
        assertEquals(List.of(ActionResult.Outcome.DONE, ActionResult.Outcome.REFUSED_CHANGED, ActionResult.Outcome.DONE),
                r.results().stream().map(ActionResult::outcome).toList());
        assertEquals("2 broken, 1 refused: db.lck changed since you looked", r.summary());
        assertEquals(r.summary(), vm.lastMessageProperty().get());
        assertFalse(a.verify());
        assertTrue(db.verify(), "the holder that came back keeps its lock");
        assertFalse(c.verify());
        assertEquals(1, notices.size(), "one notice for the batch");
        assertTrue(notices.get(0).text().contains("db.lck changed since you looked"), notices.get(0).toString());
        db.close();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aLiveLockAmongBreakableOnesIsTheOnlyOneBrokenWithForce() throws Exception {
        Path real = tmp.resolve("live");
        java.nio.file.Files.createDirectories(real);
        HeldLock a = staleLock(real, "a.lck");
        HeldLock live = LockFile.builder(real.resolve("live.lck")).lifetime(Duration.ofSeconds(60)).build().lock(Duration.ofSeconds(5));
        HeldLock c = staleLock(real, "c.lck");
        BreakDialogModel m = new BreakDialogModel(inspect(a, live, c));
        assertTrue(m.forceRequired());
        assertEquals(List.of(live.lockFile()), m.needingForce().stream().map(LockSnapshot::path).toList());
        m.reasonProperty().set("hung job");
        m.forceConfirmedProperty().set(true);

        BatchResult r = vm.breakLocks(m.requests(), m.reason()).get(10, TimeUnit.SECONDS);
        assertTrue(r.allDone(), r.summary());
        assertFalse(a.verify() || live.verify() || c.verify());
        assertEquals(List.of("break", "break-force", "break"), vm.engine().admin().auditLog().read().stream()
                .map(io.github.lockwatch.inspect.AuditRecord::action).toList());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void refreshingSeveralLocksRefreshesEachThatIsStillTheLockShown() throws Exception {
        Path real = tmp.resolve("refresh-multi");
        java.nio.file.Files.createDirectories(real);
        HeldLock a = LockFile.builder(real.resolve("a.lck")).lifetime(Duration.ofSeconds(20)).build().lock(Duration.ofSeconds(5));
        HeldLock b = LockFile.builder(real.resolve("b.lck")).lifetime(Duration.ofSeconds(20)).build().lock(Duration.ofSeconds(5));
        List<LockSnapshot> seen = inspect(a, b);
        b.close(); // released while the dialog is open

        BatchResult r = vm.refreshLocks(seen, Duration.ofMinutes(15), "long job").get(10, TimeUnit.SECONDS);
        assertEquals(ActionResult.Outcome.DONE, r.results().get(0).outcome(), r.summary());
        assertTrue(a.expiration().orElseThrow().isAfter(Instant.now().plus(Duration.ofMinutes(14))));
        assertEquals(ActionResult.Outcome.REFUSED_GONE, r.results().get(1).outcome(), r.summary());
        assertEquals("1 refreshed, 1 refused: b.lck no longer exists", r.summary());
        a.close();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aRefusedRefreshRaisesOneNoticeSayingWhyUnlessSwitchedOff() throws Exception {
        Path real = tmp.resolve("refused");
        java.nio.file.Files.createDirectories(real);
        HeldLock held = LockFile.builder(real.resolve("r.lck")).lifetime(Duration.ofSeconds(20)).build().lock(Duration.ofSeconds(5));
        LockSnapshot seen = vm.engine().scanner().inspect(held.lockFile());
        held.close(); // released and taken again since the snapshot: another claim, another inode
        held = LockFile.builder(real.resolve("r.lck")).lifetime(Duration.ofSeconds(20)).build().lock(Duration.ofSeconds(5));
        ActionResult r = vm.refresh(seen, Duration.ofMinutes(15), "long job").get(10, TimeUnit.SECONDS);
        assertEquals(ActionResult.Outcome.REFUSED_CHANGED, r.outcome(), r.message());
        assertEquals(1, notices.size(), notices.toString());
        assertEquals(Notice.Level.ERROR, notices.get(0).level());
        assertEquals("Refresh refused: the lock changed since you looked", notices.get(0).title());
        assertEquals(r.message(), notices.get(0).text());

        vm.notificationsEnabledProperty().set(false);
        ActionResult again = vm.refresh(seen, Duration.ofMinutes(15), "long job").get(10, TimeUnit.SECONDS);
        assertEquals(ActionResult.Outcome.REFUSED_CHANGED, again.outcome());
        assertEquals(1, notices.size(), "no notice while switched off");
        assertEquals(again.message(), vm.lastMessageProperty().get(), "the status bar still says it");
        held.close();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void refreshMovesTheExpiryOfTheLockShown() throws Exception {
        Path real = tmp.resolve("refresh");
        java.nio.file.Files.createDirectories(real);
        HeldLock held = LockFile.builder(real.resolve("r.lck")).lifetime(Duration.ofSeconds(20)).build().lock(Duration.ofSeconds(5));
        LockSnapshot seen = vm.engine().scanner().inspect(held.lockFile());
        ActionResult r = vm.refresh(seen, Duration.ofMinutes(15), "long job").get(10, TimeUnit.SECONDS);
        assertEquals(ActionResult.Outcome.DONE, r.outcome(), r.message());
        Instant expiry = held.expiration().orElseThrow();
        assertTrue(expiry.isAfter(Instant.now().plus(Duration.ofMinutes(14))), expiry.toString());
        held.close();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void cleanPreviewsThenRemovesOrphanClaimsOfDeadProcesses() throws Exception {
        Path real = tmp.resolve("clean");
        java.nio.file.Files.createDirectories(real);
        long deadPid = DemoWorkspace.holdInChildAndKill(real.resolve("gone.lck"), Duration.ofMinutes(5));
        java.nio.file.Files.delete(real.resolve("gone.lck")); // leaves only the dead child's claim file
        var preview = vm.previewClean(real).get(10, TimeUnit.SECONDS);
        assertEquals(1, preview.getValue().candidates().size(), preview.getValue().toString());
        assertEquals(deadPid, preview.getValue().candidates().get(0).pid());
        assertTrue(preview.getValue().removed().isEmpty(), "a preview removes nothing");

        var done = vm.clean(preview.getKey()).get(10, TimeUnit.SECONDS);
        assertEquals(1, done.removed().size(), done.toString());
        try (var left = java.nio.file.Files.list(real)) {
            assertEquals(0, left.count());
        }
        assertTrue(vm.lastMessageProperty().get().startsWith("Removed 1 orphan claim"), vm.lastMessageProperty().get());
    }
}

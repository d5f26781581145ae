package io.github.lockwatch.bench.gui;

import io.github.lockwatch.inspect.AuditLog;
import io.github.lockwatch.inspector.Engine;
import io.github.lockwatch.inspector.FxDispatcher;
import io.github.lockwatch.inspector.InspectorView;
import io.github.lockwatch.inspector.LockTableView;
import io.github.lockwatch.inspector.MainViewModel;
import io.github.lockwatch.inspector.UiClock;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * GUI under load, headless: the inspector's real view model and lock table over a directory of N locks
 * (made beforehand by {@code bench/floor/make_locks.py}), with the one-second UI clock ticking every
 * visible row's countdown and the view model synced as InspectorApp does ({@code MainViewModel.syncEvery});
 * the rows are awaited with {@code MainViewModel.whenRows(n)}, the app's documented headless way to load
 * N rows. Uses only inspector-app's public classes (Engine, MainViewModel, InspectorView, LockTableView, UiClock,
 * FxDispatcher); run it with Monocle headless ({@code -Dglass.platform=Monocle
 * -Dmonocle.platform=Headless -Dprism.order=sw}).
 *
 * <p>{@code --view full} (the default) shows the whole main window ({@code InspectorView}: sidebar,
 * table, detail pane, status bar), {@code --view table} the lock table alone. {@code --churn R} has
 * R of the locks refreshed per second while measuring (their mtime moved, as live holders do), so
 * rescans bring changed rows and events into the window, not only unchanged snapshots.
 *
 * <p>Measured for {@code --seconds} once all N rows are in the table:
 * <ul>
 *   <li>pulse work: from the start of a pulse (the first animation-timer callback, which runs in the
 *       pulse's animation phase, where the clock tick lands too) to the end of its layout pass (a
 *       post-layout pulse listener). Rendering on the render thread is not included;</li>
 *   <li>pulse interval: time between successive pulses (16.7 ms at 60 Hz when the FX thread keeps up);
 *       a long runLater task (rows applied from a rescan) shows up here;</li>
 *   <li>resident memory: VmRSS of this process at the end.</li>
 * </ul>
 * One JSON line on stdout.
 *
 * <p>Resident memory depends mostly on the JVM's heap settings, not on the rows (about 70 MB live at
 * 10,000 rows): the packaged app runs with {@code -XX:+UseSerialGC -Xms32m -Xmx512m}
 * ({@code jpackage/build.sh}); started with G1's defaults instead, the heap starts at 1/64 of the
 * machine's memory and the scans' garbage soon touches all of it.
 */
public final class GuiLoad {
    private GuiLoad() {
    }

    public static void main(String[] argv) throws Exception {
        Path dir = Path.of(argv[0]).toAbsolutePath();
        int rows = 10_000;
        double seconds = 10;
        String view = "full";
        int churn = 100;
        for (int i = 1; i + 1 < argv.length; i += 2) {
            switch (argv[i]) {
                case "--rows" -> rows = Integer.parseInt(argv[i + 1]);
                case "--seconds" -> seconds = Double.parseDouble(argv[i + 1]);
                case "--view" -> view = argv[i + 1];
                case "--churn" -> churn = Integer.parseInt(argv[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + argv[i]);
            }
        }
        final int expected = rows;
        final boolean full = view.equals("full");
        final double runSeconds = seconds;
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep((long) (runSeconds * 1000) + 90_000);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("GuiLoad: watchdog: no result in time");
            Runtime.getRuntime().halt(3);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        Path auditFile = Files.createTempFile("gui-bench-audit", ".jsonl");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();

        ExecutorService background = Executors.newFixedThreadPool(2);
        Engine engine = Engine.create(AuditLog.at(auditFile));
        Object[] refs = new Object[3];
        long[] pulseStart = new long[1 << 16];
        long[] pulseEnd = new long[1 << 16];
        AtomicInteger nPulse = new AtomicInteger();
        boolean[] recording = new boolean[1];
        long[] current = {0};
        CountDownLatch shown = new CountDownLatch(1);
        Platform.runLater(() -> {
            UiClock clock = new UiClock(InstantSource.system());
            MainViewModel vm = new MainViewModel(engine, FxDispatcher.get(), background, clock.nowProperty(), null);
            vm.addDirectory(dir, false);
            vm.rescan();
            Stage stage = new Stage();
            Parent root = full ? new InspectorView(vm, stage, null).root() : new LockTableView(vm).table();
            Scene scene = new Scene(root, 1600, 1000);
            stage.setScene(scene);
            stage.show();
            clock.start();
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    current[0] = System.nanoTime();
                }
            }.start();
            scene.addPostLayoutPulseListener(() -> {
                if (recording[0] && current[0] != 0) {
                    int i = nPulse.getAndIncrement();
                    if (i < pulseStart.length) {
                        pulseStart[i] = current[0];
                        pulseEnd[i] = System.nanoTime();
                    }
                }
                current[0] = 0;
            });
            refs[0] = vm;
            refs[1] = clock;
            refs[2] = stage;
            shown.countDown();
        });
        shown.await();
        MainViewModel vm = (MainViewModel) refs[0];
        // As InspectorApp does: a background timer pulls the watcher's latest scans into the view model
        // (MainViewModel.syncEvery), and MainViewModel.whenRows is the app's documented headless way to
        // wait until the directory's locks are in the table.
        java.util.concurrent.ScheduledExecutorService sync = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gui-bench-sync");
            t.setDaemon(true);
            return t;
        });
        vm.syncEvery(sync);
        long t0 = System.nanoTime();
        try {
            vm.whenRows(expected).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            int have = fxGet(() -> vm.allRows().size());
            System.out.println("{\"skipped\":\"MainViewModel.allRows() had " + have + " of " + expected
                    + " rows 30 s after addDirectory(dir), rescan() and syncEvery(timer)\"}");
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
        double loadS = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(1000); // let the first layout of the full table settle
        Churn churner = new Churn(dir, expected, churn);
        churner.start();
        long[] gcBefore = gcTotals();
        Platform.runLater(() -> recording[0] = true);
        Thread.sleep((long) (seconds * 1000));
        CountDownLatch stop = new CountDownLatch(1);
        Platform.runLater(() -> {
            recording[0] = false;
            stop.countDown();
        });
        stop.await();
        long[] gcAfter = gcTotals();
        churner.interrupt();
        int n = Math.min(nPulse.get(), pulseStart.length);
        long[] work = new long[n];
        long[] interval = new long[Math.max(0, n - 1)];
        for (int i = 0; i < n; i++) {
            work[i] = pulseEnd[i] - pulseStart[i];
            if (i > 0) {
                interval[i - 1] = pulseStart[i] - pulseStart[i - 1];
            }
        }
        Arrays.sort(work);
        Arrays.sort(interval);
        long rssKb = rssKb();
        System.out.printf(java.util.Locale.ROOT,
                "{\"impl\":\"inspector-app\",\"view\":\"%s\",\"churn_per_s\":%d,\"refreshed\":%d,"
                        + "\"gc_count\":%d,\"gc_ms\":%d,"
                        + "\"rows\":%d,\"seconds\":%s,\"load_s\":%.2f,\"pulses\":%d,"
                        + "\"pulse_p50_ms\":%.3f,\"pulse_p99_ms\":%.3f,\"pulse_max_ms\":%.3f,"
                        + "\"interval_p50_ms\":%.3f,\"interval_p99_ms\":%.3f,\"interval_max_ms\":%.3f,"
                        + "\"rss_mb\":%.1f,\"how\":\"pulse = animation phase start to end of layout (render thread not included); "
                        + "interval = between pulse starts; RSS = VmRSS at the end\"}%n",
                view, churn, churner.refreshed, gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1], expected, seconds, loadS, n, pctMs(work, 50), pctMs(work, 99), n > 0 ? work[n - 1] / 1e6 : 0.0,
                pctMs(interval, 50), pctMs(interval, 99), interval.length > 0 ? interval[interval.length - 1] / 1e6 : 0.0,
                rssKb / 1024.0);
        System.out.flush();
        Files.deleteIfExists(auditFile);
        Runtime.getRuntime().halt(0); // the app's threads and the FX toolkit need no orderly shutdown here
    }

    private static <T> T fxGet(java.util.function.Supplier<T> f) throws Exception {
        java.util.concurrent.CompletableFuture<T> r = new java.util.concurrent.CompletableFuture<>();
        Platform.runLater(() -> r.complete(f.get()));
        return r.get(10, TimeUnit.SECONDS);
    }

    private static double pctMs(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1] / 1e6;
    }

    private static long rssKb() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Collections and milliseconds spent in them so far, over all collectors. */
    private static long[] gcTotals() {
        long count = 0;
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            ms += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, ms};
    }

    /**
     * Live holders refreshing: every 100 ms a tenth of the per-second rate of {@code lock-i.lck} files
     * (as {@code make_locks.py} names them) get their mtime moved to a new expiry, as a holder's touch does.
     */
    private static final class Churn extends Thread {
        private final Path dir;
        private final int locks;
        private final int perSecond;
        volatile int refreshed;

        Churn(Path dir, int locks, int perSecond) {
            super("gui-bench-churn");
            setDaemon(true);
            this.dir = dir;
            this.locks = locks;
            this.perSecond = perSecond;
        }

        @Override
        public void run() {
            java.util.Random random = new java.util.Random(42);
            int batch = Math.max(1, perSecond / 10);
            try {
                while (perSecond > 0 && !isInterrupted()) {
                    FileTime expiry = FileTime.from(Instant.now().plusSeconds(3600 + random.nextInt(600)));
                    for (int i = 0; i < batch; i++) {
                        Files.setLastModifiedTime(dir.resolve("lock-" + random.nextInt(locks) + ".lck"), expiry);
                        refreshed++;
                    }
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                // measuring is over
            } catch (java.io.IOException e) {
                System.err.println("GuiLoad: churn stopped: " + e);
            }
        }
    }
}

package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.AuditLog;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The JavaFX application. Start it through {@link Main}. The window appears at once with a
 * "starting" placeholder; the engine (whose host-name lookup can take seconds) and the demo workspace
 * are built on a background thread and the main view replaces the placeholder when they are ready.
 */
public final class InspectorApp extends Application {

    private static final System.Logger LOG = System.getLogger(InspectorApp.class.getName());

    private Options options;
    private List<Path> startDirectories = List.of();
    private boolean openDemo;
    private WatchedDirectories store;
    private final UiClock clock = new UiClock(InstantSource.system());
    private final ExecutorService background = BackgroundThreads.actions();
    private final ScheduledExecutorService sync =
            Executors.newSingleThreadScheduledExecutor(BackgroundThreads.named("lockwatch-ui-sync"));
    private volatile Engine engine;
    private volatile DemoWorkspace demo;
    private MainViewModel vm;

    @Override
    public void init() {
        // Launcher thread, not the FX thread: reading the saved list here is fine.
        options = Options.parse(getParameters().getRaw());
        if (options.smokeTest()) {
            store = null;
            openDemo = true;
        } else {
            store = WatchedDirectories.userDefault();
            startDirectories = options.directories().isEmpty() ? store.load() : options.directories();
            openDemo = options.demo() || startDirectories.isEmpty();
        }
    }

    @Override
    public void start(Stage stage) {
        Theme.apply(false);
        stage.setTitle("Lockwatch inspector");
        stage.getIcons().setAll(AppIcon.images());
        Label label = new Label(openDemo ? "Preparing the demo workspace…" : "Starting…");
        VBox splash = new VBox(new ProgressIndicator(), label);
        splash.getStyleClass().add("splash");
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        double[] size = windowSize(screen.getWidth(), screen.getHeight());
        Scene scene = new Scene(splash, size[0], size[1]);
        Theme.style(scene);
        stage.setScene(scene);
        stage.setMinWidth(Math.min(900, size[0]));
        stage.setMinHeight(Math.min(560, size[1]));
        stage.show();
        clock.start();

        Thread t = new Thread(() -> {
            try {
                engine = Engine.create(AuditLog.defaultLog());
                if (openDemo) {
                    demo = DemoWorkspace.create();
                }
                FxDispatcher.get().execute(() -> {
                    try {
                        showMain(stage);
                    } catch (RuntimeException | Error e) {
                        startUpFailed(label, e);
                    }
                });
            } catch (Exception | Error e) {
                startUpFailed(label, e);
            }
        }, "lockwatch-startup");
        t.setDaemon(true);
        t.start();
    }

    /** Says so in the window; the smoke test exits 1 (off the FX thread, which may be the caller). */
    private void startUpFailed(Label label, Throwable e) {
        LOG.log(System.Logger.Level.ERROR, "start-up failed", e);
        FxDispatcher.get().execute(() -> label.setText("Start-up failed: " + e));
        if (options.smokeTest()) {
            System.err.println("smoke test failed: " + e);
            Thread exit = new Thread(() -> {
                cleanUp();
                System.exit(1);
            }, "lockwatch-smoke-test-exit");
            exit.setDaemon(true);
            exit.start();
        }
    }

    /** The default window size. */
    static final double DEFAULT_WIDTH = 1360;
    static final double DEFAULT_HEIGHT = 820;

    /**
     * The window's size on a screen whose visual bounds (without task bars) are {@code width} x
     * {@code height}: the default, shrunk to fit (less the window decorations' share).
     */
    static double[] windowSize(double width, double height) {
        return new double[] {Math.min(DEFAULT_WIDTH, Math.floor(width * 0.96)), Math.min(DEFAULT_HEIGHT, Math.floor(height * 0.92))};
    }

    private volatile java.time.Instant mainViewShown;

    private void showMain(Stage stage) {
        vm = new MainViewModel(engine, FxDispatcher.get(), background, clock.nowProperty(), store);
        InspectorView view = new InspectorView(vm, stage, getHostServices());
        if (demo != null) {
            vm.addDirectory(demo.directory(), true);
        }
        for (Path p : startDirectories) {
            vm.addDirectory(p, false);
        }
        stage.getScene().setRoot(view.root());
        mainViewShown = java.time.Instant.now();
        vm.syncEvery(sync);
        if (options.smokeTest()) {
            smokeTest(stage, view);
        }
    }

    /**
     * Waits (off the FX thread, polling with a 30 s deadline) until the demo shows one lock in every
     * state, renders the window and exits 0; exits 1 if they do not all appear. Prints to stderr how
     * long the main view and the filled demo took since the process started (start-up measurements).
     */
    private void smokeTest(Stage stage, InspectorView view) {
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try {
                Set<String> shown = Set.of();
                while (true) {
                    java.util.concurrent.CompletableFuture<Set<String>> n = new java.util.concurrent.CompletableFuture<>();
                    FxDispatcher.get().execute(() -> n.complete(DemoWorkspace.shownOfOnePerState(vm.allRows())));
                    shown = n.get(5, TimeUnit.SECONDS);
                    if (shown.size() == DemoWorkspace.ONE_PER_STATE.size() || System.nanoTime() > deadline) {
                        break;
                    }
                    Thread.sleep(200); // polling with a deadline
                }
                java.time.Instant filled = java.time.Instant.now();
                if (shown.size() < DemoWorkspace.ONE_PER_STATE.size()) {
                    Set<String> missing = new java.util.TreeSet<>(DemoWorkspace.ONE_PER_STATE.keySet());
                    missing.removeAll(shown);
                    System.err.println("smoke test failed: the demo workspace showed " + shown.size() + " of "
                            + DemoWorkspace.ONE_PER_STATE.size() + " locks after 30 s (missing: "
                            + String.join(", ", missing.stream().map(m -> m + " " + DemoWorkspace.ONE_PER_STATE.get(m).jsonName()).toList())
                            + ")");
                    cleanUp();
                    System.exit(1);
                    return;
                }
                java.time.Instant started = ProcessHandle.current().info().startInstant().orElse(null);
                if (started != null) {
                    System.err.println("smoke test: main view after " + java.time.Duration.between(started, mainViewShown).toMillis()
                            + " ms, demo filled after " + java.time.Duration.between(started, filled).toMillis() + " ms");
                }
                java.util.concurrent.CompletableFuture<WritableImage> img = new java.util.concurrent.CompletableFuture<>();
                FxDispatcher.get().execute(() -> {
                    vm.selectedRowProperty().set(vm.visibleRows().isEmpty() ? null : vm.visibleRows().get(0));
                    FxDispatcher.get().later(() -> img.complete(Snapshots.of(stage.getScene())));
                });
                Path png = Snapshots.write(img.get(10, TimeUnit.SECONDS), options.smokeTestPng());
                System.out.println(png.toAbsolutePath());
                System.out.flush();
                cleanUp();
                System.exit(0);
            } catch (Exception e) {
                System.err.println("smoke test failed: " + e);
                e.printStackTrace();
                cleanUp();
                System.exit(1);
            }
        }, "lockwatch-smoke-test");
        t.setDaemon(true);
        t.start();
    }

    /** How long quitting waits for the clean-up (engine threads, the demo directory) before exiting anyway. */
    static final long CLEANUP_WAIT_MS = 5000;

    /**
     * Runs on the FX thread: the clean-up (it deletes the demo directory and stops threads that may be
     * stuck on a dead mount) runs on a background thread, waited for at most {@link #CLEANUP_WAIT_MS};
     * whatever is left of the demo is removed by its shutdown hook.
     */
    @Override
    public void stop() {
        clock.stop();
        Thread t = new Thread(this::cleanUp, "lockwatch-cleanup");
        t.setDaemon(true);
        t.start();
        try {
            t.join(CLEANUP_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "clean-up still running after " + CLEANUP_WAIT_MS + " ms; exiting anyway");
        }
    }

    private synchronized void cleanUp() {
        sync.shutdownNow();
        if (vm != null) {
            vm.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (demo != null) {
            demo.close();
        }
        background.shutdownNow();
    }
}

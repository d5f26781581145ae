package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.AuditLog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/** One inspector window on a real engine, for TestFX tests and screenshots. */
final class FxTestSupport implements AutoCloseable {

    final Engine engine;
    final UiClock clock = new UiClock(InstantSource.system());
    final ExecutorService background = BackgroundThreads.actions();
    final java.util.concurrent.ScheduledExecutorService sync =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(BackgroundThreads.named("test-ui-sync"));
    final MainViewModel vm;
    final InspectorView view;
    final Path auditFile;

    /** Call on the FX thread (TestFX's {@code @Start}). */
    FxTestSupport(Stage stage, Path auditFile) {
        this.auditFile = auditFile;
        this.engine = Engine.create(InstantSource.system(), AuditLog.at(auditFile), Duration.ofMillis(200));
        this.vm = new MainViewModel(engine, FxDispatcher.get(), background, clock.nowProperty(), null);
        Theme.apply(false);
        this.view = new InspectorView(vm, stage, null);
        Scene scene = new Scene(view.root(), 1360, 820);
        Theme.style(scene);
        stage.setScene(scene);
        stage.setTitle("Lockwatch inspector");
        stage.show();
        clock.start();
        sync.scheduleWithFixedDelay(vm::pull, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code c} on the FX thread and returns its value. */
    static <T> T fx(Callable<T> c) {
        try {
            return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Polls {@code condition} (evaluated on the FX thread) until true or the deadline passes. */
    static void await(String what, long seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> Boolean.TRUE.equals(fx(condition)));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s waiting for: " + what);
        }
    }

    LockRow row(String name) {
        return fx(() -> vm.allRows().stream().filter(r -> r.name().equals(name)).findFirst().orElse(null));
    }

    @Override
    public void close() {
        sync.shutdownNow();
        fx(() -> {
            clock.stop();
            vm.close();
            return null;
        });
        engine.close();
        background.shutdownNow();
    }
}

package io.github.lockwatch.inspector;

import static io.github.lockwatch.inspector.FxTestSupport.await;
import static io.github.lockwatch.inspector.FxTestSupport.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.inspect.ActionResult;
import io.github.lockwatch.inspect.LockStatus;
import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Renders the main window on the demo workspace, the break dialog and the timeline to PNG files in
 * {@code lockwatch.screenshots} (default target/screenshots; the committed ones are in docs/screenshots).
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScreenshotsIT {

    @TempDir
    Path tmp;

    private FxTestSupport app;
    private DemoWorkspace demo;
    private HeldLock newHolder;
    private HeldLock worker;

    @Start
    void start(Stage stage) throws Exception {
        demo = DemoWorkspace.create();
        app = new FxTestSupport(stage, tmp.resolve("audit.jsonl"));
        app.vm.addDirectory(demo.directory(), true);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (newHolder != null) {
            newHolder.close();
        }
        if (worker != null) {
            worker.close();
        }
        app.close();
        demo.close();
    }

    private static Path out() {
        String dir = System.getProperty("lockwatch.screenshots", "");
        return Path.of(dir.isBlank() ? "target/screenshots" : dir);
    }

    /** The app icons: small, so only that they were written. */
    private static void write(WritableImage img, String name) throws Exception {
        Path p = Snapshots.write(img, out().resolve(name));
        assertTrue(Files.size(p) > 100, p + " looks empty");
    }

    /**
     * Writes {@code img} and reads the file back: the expected size (when given), and not blank
     * (many colours, no single colour covering nearly all of it).
     */
    private static void write(WritableImage img, String name, int width, int height) throws Exception {
        Path p = Snapshots.write(img, out().resolve(name));
        java.awt.image.BufferedImage back = javax.imageio.ImageIO.read(p.toFile());
        assertTrue(back != null, p + " is not a readable PNG");
        assertEquals(width, back.getWidth(), p + " width");
        assertEquals(height, back.getHeight(), p + " height");
        java.util.Map<Integer, Integer> colours = new java.util.HashMap<>();
        for (int y = 0; y < back.getHeight(); y += 2) {
            for (int x = 0; x < back.getWidth(); x += 2) {
                colours.merge(back.getRGB(x, y), 1, Integer::sum);
            }
        }
        int samples = ((back.getWidth() + 1) / 2) * ((back.getHeight() + 1) / 2);
        int commonest = colours.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        assertTrue(colours.size() > 50, p + " has only " + colours.size() + " colours: blank?");
        assertTrue(commonest < samples * 0.95, p + " is " + (100L * commonest / samples) + " % one colour: blank?");
    }

    @Test
    void rendersTheMainWindowTheBreakDialogAndTheTimeline(FxRobot robot) throws Exception {
        renderIconsIfAsked();
        await("every state in the demo", 20, () -> app.vm.allRows().stream().map(LockRow::status)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(LockStatus.class))).size() == LockStatus.values().length);
        // main window: the holder-dead lock selected, its evidence in the detail pane
        LockRow dead = app.row("reports.lck");
        fx(() -> {
            app.vm.selectedRowProperty().set(dead);
            return null;
        });
        awaitTick(); // countdowns fresh in the picture
        WaitForFx.idle();
        write(fx(() -> app.view.root().getScene().snapshot(null)), "main.png", 1360, 820);

        // Some history for the timeline: a job lock changes hands, the breakable lock is broken and
        // taken by a new holder. Paced by the UI clock, not by sleeping.
        java.time.Instant t0 = fx(() -> app.clock.now());
        HeldLock job = LockFile.builder(demo.directory().resolve("jobs.lck")).lifetime(Duration.ofSeconds(30))
                .build().lock(Duration.ofSeconds(5));
        awaitClock(t0, 4);
        LockRow stale = app.row("cache-warmup.lck");
        ActionResult r = FxTestSupport.fx(() -> app.vm.breakLock(stale.snapshot(), false, "demo: batch-07 was decommissioned"))
                .get(10, TimeUnit.SECONDS);
        assertEquals(ActionResult.Outcome.DONE, r.outcome(), r.message());
        await("broken", 10, () -> app.row("cache-warmup.lck") == null);
        newHolder = LockFile.builder(demo.directory().resolve("cache-warmup.lck")).lifetime(Duration.ofSeconds(45))
                .keepAlive(true).build().lock(Duration.ofSeconds(5));
        await("re-acquired", 10, () -> app.row("cache-warmup.lck") != null);
        awaitClock(t0, 8);
        job.close();
        awaitClock(t0, 10);
        worker = LockFile.builder(demo.directory().resolve("jobs.lck")).lifetime(Duration.ofSeconds(30))
                .hostname("worker-2.example.org").keepAlive(true).build().lock(Duration.ofSeconds(5));
        awaitClock(t0, 16);

        // the break dialog, for a live lock (force confirmation visible)
        fx(() -> {
            app.vm.selectedRowProperty().set(app.row("build.lck"));
            return null;
        });
        Dialog<ButtonType> dialog = fx(() -> app.view.openBreakDialog());
        await("the dialog", 5, () -> robot.lookup("#break-dialog").tryQuery().isPresent());
        robot.clickOn("#break-reason").write("CI job hung since 03:10, ticket OPS-4711");
        WaitForFx.idle();
        DialogPane pane = robot.lookup("#break-dialog").queryAs(DialogPane.class);
        int[] dialogSize = fx(() -> new int[] {(int) Math.round(pane.getScene().getWidth()), (int) Math.round(pane.getScene().getHeight())});
        assertTrue(dialogSize[0] >= 400 && dialogSize[1] >= 300, "dialog " + dialogSize[0] + "x" + dialogSize[1]);
        write(fx(() -> pane.getScene().snapshot(null)), "break-dialog.png", dialogSize[0], dialogSize[1]);
        fx(() -> {
            dialog.setResult(ButtonType.CANCEL);
            dialog.close();
            return null;
        });

        // the timeline of the demo directory
        fx(() -> {
            app.view.tabs().getSelectionModel().select(1);
            return null;
        });
        awaitTick();
        WaitForFx.idle();
        write(fx(() -> app.view.root().getScene().snapshot(null)), "timeline.png", 1360, 820);

        // the dark theme, locks tab
        fx(() -> {
            app.view.tabs().getSelectionModel().select(0);
            app.view.darkProperty().set(true);
            return null;
        });
        awaitTick();
        WaitForFx.idle();
        write(fx(() -> app.view.root().getScene().snapshot(null)), "main-dark.png", 1360, 820);
        fx(() -> {
            app.view.darkProperty().set(false);
            return null;
        });
    }

    private void awaitClock(java.time.Instant t0, int seconds) {
        await("clock at +" + seconds + " s", seconds + 5, () -> !app.clock.now().isBefore(t0.plusSeconds(seconds)));
    }

    private void awaitTick() {
        java.time.Instant t0 = fx(() -> app.clock.now());
        await("a clock tick", 3, () -> !app.clock.now().equals(t0));
    }

    private static void renderIconsIfAsked() throws Exception {
        String dir = System.getProperty("lockwatch.icons", "");
        if (dir.isBlank()) {
            return;
        }
        for (int s : AppIcon.SIZES) {
            write(fx(() -> AppIcon.draw(s)), Path.of(dir).toAbsolutePath().resolve("icon-" + s + ".png").toString());
        }
    }

    /** Waits until the FX thread has run everything queued so far. */
    static final class WaitForFx {
        static void idle() {
            org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        }
    }

}

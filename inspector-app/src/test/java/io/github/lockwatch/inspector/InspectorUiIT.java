package io.github.lockwatch.inspector;

import static io.github.lockwatch.inspector.FxTestSupport.await;
import static io.github.lockwatch.inspector.FxTestSupport.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.lockwatch.inspect.AuditRecord;
import io.github.lockwatch.inspect.LockStatus;
import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.ProcessIdentity;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Real UI flows, headless (Monocle), against real lock directories with real holders: lock objects
 * of the library in this JVM, a child JVM that is killed, and a Python flufl.lock process.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class InspectorUiIT {

    @TempDir
    Path tmp;

    private FxTestSupport app;
    private final List<HeldLock> held = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        Files.createDirectories(tmp.resolve("locks"));
        app = new FxTestSupport(stage, tmp.resolve("audit.jsonl"));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (HeldLock h : held) {
            h.close();
        }
        app.close();
    }

    private Path locks() {
        return tmp.resolve("locks");
    }

    private HeldLock hold(String name, Duration lifetime, String host) throws Exception {
        LockFile.Builder b = LockFile.builder(locks().resolve(name)).lifetime(lifetime);
        if (host != null) {
            b.hostname(host);
        }
        HeldLock h = b.build().lock(Duration.ofSeconds(5));
        held.add(h);
        return h;
    }

    private void addDirectoryByTyping(FxRobot robot, Path dir) {
        robot.clickOn("#add-directory-field").write(dir.toString());
        robot.clickOn("#add-directory-button");
    }

    private void select(FxRobot robot, String name) {
        LockRow row = app.row(name);
        fx(() -> {
            app.vm.selectedRowProperty().set(row);
            return null;
        });
        robot.clickOn("#lock-table");
        await(name + " selected", 5, () -> app.view.table().table().getSelectionModel().getSelectedItem() == row);
    }

    private static Set<String> cellTexts(FxRobot robot) {
        return fx(() -> robot.lookup("#lock-table .table-cell").queryAll().stream()
                .map(n -> ((Labeled) n).getText()).filter(t -> t != null).collect(Collectors.toSet()));
    }

    /** The "expires in" cell of {@code row} on screen (call on the FX thread). */
    private static javafx.scene.control.TableCell<?, ?> countdownCell(FxRobot robot, LockRow row) {
        return robot.lookup("#lock-table .countdown-cell").queryAll().stream()
                .map(n -> (javafx.scene.control.TableCell<?, ?>) n)
                .filter(c -> c.getTableRow() != null && c.getTableRow().getItem() == row)
                .findFirst().orElseThrow(() -> new AssertionError("no countdown cell for " + row));
    }

    private DialogPane breakDialog(FxRobot robot) {
        await("the break dialog", 5, () -> robot.lookup("#break-dialog").tryQuery().isPresent());
        return robot.lookup("#break-dialog").queryAs(DialogPane.class);
    }

    @Test
    void addingADirectoryShowsTheLockWithHostPidAndALiveCountdown(FxRobot robot) throws Exception {
        hold("db.lck", Duration.ofSeconds(120), null);
        addDirectoryByTyping(robot, locks());
        await("db.lck in the table", 10, () -> app.row("db.lck") != null);

        ProcessIdentity me = ProcessIdentity.current();
        LockRow row = app.row("db.lck");
        assertEquals(LockStatus.HELD, row.status());
        await("host and pid cells", 5, () -> cellTexts(robot).containsAll(Set.of(me.host(), Long.toString(me.pid()))));
        String first = fx(() -> row.expiresInProperty().get().text());
        assertTrue(first.matches("in (1 min [0-5]\\d|2 min 00) s"), first);
        // The table's own countdown cell: right for the clock's current tick, and it ticks.
        String[] cellAtTick = fx(() -> new String[] {countdownCell(robot, row).getText(),
                Countdown.expiresIn(row.snapshot().expires(), app.clock.now())});
        assertEquals(cellAtTick[1], cellAtTick[0], "the cell shows the countdown at the current tick");
        await("the countdown cell to tick", 5, () -> !countdownCell(robot, row).getText().equals(cellAtTick[0]));
        String[] afterTick = fx(() -> new String[] {countdownCell(robot, row).getText(),
                Countdown.expiresIn(row.snapshot().expires(), app.clock.now())});
        assertEquals(afterTick[1], afterTick[0], "after a tick the cell shows the new value");
        assertTrue(afterTick[0].matches("in (1 min [0-5]\\d|2 min 00) s"), afterTick[0]);
        await("the countdown to tick", 5, () -> !row.expiresInProperty().get().text().equals(first));
        await("the sidebar counts", 5, () -> app.vm.directories().get(0).summaryProperty().get().equals("1 lock · 1 held"));
    }

    @Test
    void breakingWithConfirmationRemovesTheLockAndWritesAnAuditRecord(FxRobot robot) throws Exception {
        HeldLock stale = hold("stale.lck", Duration.ofSeconds(30), "gone.example.org");
        Files.setLastModifiedTime(stale.lockFile(), FileTime.from(Instant.now().minus(Duration.ofMinutes(5)).getEpochSecond(), TimeUnit.SECONDS));
        addDirectoryByTyping(robot, locks());
        await("stale.lck breakable", 10, () -> app.row("stale.lck") != null && app.row("stale.lck").status() == LockStatus.BREAKABLE);

        select(robot, "stale.lck");
        robot.type(KeyCode.DELETE);
        DialogPane dialog = breakDialog(robot);
        assertEquals("gone.example.org", robot.lookup("#break-host").queryAs(Labeled.class).getText());
        assertEquals(Long.toString(ProcessHandle.current().pid()), robot.lookup("#break-pid").queryAs(Labeled.class).getText());
        assertTrue(robot.lookup("#break-force").tryQuery().isEmpty(), "a breakable lock needs no force");
        Button confirm = (Button) dialog.lookupButton(BreakDialog.BREAK);
        assertTrue(confirm.isDisabled(), "no reason yet");
        robot.clickOn("#break-reason").write("holder host decommissioned");
        robot.clickOn(confirm);

        await("the lock gone from the table", 10, () -> app.row("stale.lck") == null);
        assertFalse(Files.exists(stale.lockFile()));
        List<AuditRecord> audit = app.engine.admin().auditLog().read();
        AuditRecord last = audit.get(audit.size() - 1);
        assertEquals("break", last.action());
        assertEquals("done", last.outcome());
        assertEquals("holder host decommissioned", last.reason());
        assertEquals("gone.example.org", last.holderHost());
    }

    @Test
    void breakingTwoSelectedLocksWithOneConfirmationRemovesBothAndWritesTwoAuditRecords(FxRobot robot) throws Exception {
        HeldLock one = hold("one.lck", Duration.ofSeconds(30), "gone.example.org");
        HeldLock two = hold("two.lck", Duration.ofSeconds(30), "gone.example.org");
        for (HeldLock h : List.of(one, two)) {
            Files.setLastModifiedTime(h.lockFile(), FileTime.from(Instant.now().minus(Duration.ofMinutes(5)).getEpochSecond(), TimeUnit.SECONDS));
        }
        addDirectoryByTyping(robot, locks());
        await("both breakable", 10, () -> app.row("one.lck") != null && app.row("one.lck").status() == LockStatus.BREAKABLE
                && app.row("two.lck") != null && app.row("two.lck").status() == LockStatus.BREAKABLE);

        robot.clickOn("#lock-table");
        LockRow r1 = app.row("one.lck");
        LockRow r2 = app.row("two.lck");
        fx(() -> {
            TableView<LockRow> t = app.view.table().table();
            t.getSelectionModel().clearSelection();
            t.getSelectionModel().select(r1);
            t.getSelectionModel().select(r2);
            t.requestFocus();
            return null;
        });
        await("two locks selected", 5, () -> app.vm.selectedRows().size() == 2);
        robot.type(KeyCode.DELETE);
        DialogPane dialog = breakDialog(robot);
        assertEquals("Break 2 locks?", dialog.getHeaderText());
        Set<String> listed = fx(() -> robot.lookup("#break-list .label").queryAll().stream()
                .map(n -> ((Labeled) n).getText()).collect(Collectors.toSet()));
        assertTrue(listed.containsAll(Set.of("one.lck", "two.lck", "gone.example.org", Long.toString(ProcessHandle.current().pid()))), listed.toString());
        assertTrue(robot.lookup("#break-force").tryQuery().isEmpty(), "breakable locks need no force");
        Button confirm = (Button) dialog.lookupButton(BreakDialog.BREAK);
        assertTrue(confirm.isDisabled(), "no reason yet");
        robot.clickOn("#break-reason").write("hosts decommissioned");
        robot.clickOn(confirm);

        await("both locks gone from the table", 10, () -> app.row("one.lck") == null && app.row("two.lck") == null);
        assertFalse(Files.exists(one.lockFile()));
        assertFalse(Files.exists(two.lockFile()));
        List<AuditRecord> audit = app.engine.admin().auditLog().read();
        assertEquals(2, audit.size(), audit.toString());
        assertEquals(Set.of(one.lockFile().toString(), two.lockFile().toString()),
                audit.stream().map(AuditRecord::lock).collect(Collectors.toSet()));
        for (AuditRecord a : audit) {
            assertEquals("break", a.action());
            assertEquals("done", a.outcome());
            assertEquals("hosts decommissioned", a.reason());
        }
        await("the per-lock summary in the status bar", 5, () -> app.vm.lastMessageProperty().get().equals("2 broken"));
    }

    @Test
    void breakingALockThatChangedSinceTheDialogOpenedIsRefused(FxRobot robot) throws Exception {
        HeldLock live = hold("live.lck", Duration.ofSeconds(60), null);
        addDirectoryByTyping(robot, locks());
        await("live.lck held", 10, () -> app.row("live.lck") != null && app.row("live.lck").status() == LockStatus.HELD);

        select(robot, "live.lck");
        robot.type(KeyCode.DELETE);
        DialogPane dialog = breakDialog(robot);
        Button confirm = (Button) dialog.lookupButton(BreakDialog.BREAK);
        robot.clickOn("#break-reason").write("looks stuck");
        assertTrue(confirm.isDisabled(), "a live lock needs the force confirmation");
        robot.clickOn("#break-force");
        assertFalse(confirm.isDisabled());

        // Meanwhile the holder refreshes: new expiry, so the snapshot in the dialog is out of date.
        Instant before = Files.getLastModifiedTime(live.lockFile()).toInstant();
        live.refresh(Duration.ofSeconds(300));
        assertNotEquals(before, Files.getLastModifiedTime(live.lockFile()).toInstant());
        int shown = fx(() -> app.view.notificationsShownProperty().get());
        robot.clickOn(confirm);

        await("the refusal, told once: by a notification", 10, () -> app.view.notificationsShownProperty().get() == shown + 1);
        assertTrue(app.vm.lastMessageProperty().get().contains("changed"), app.vm.lastMessageProperty().get());
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#action-result-alert").tryQuery().isEmpty(), "no modal alert on top of the notification");
        assertTrue(live.verify(), "the live holder still holds its lock");
        AuditRecord last = app.engine.admin().auditLog().read().get(app.engine.admin().auditLog().read().size() - 1);
        assertEquals("refused-changed", last.outcome());
    }

    @Test
    void withNotificationsSwitchedOffARefusalIsAnAlertAndNoNotificationShows(FxRobot robot) throws Exception {
        HeldLock live = hold("live.lck", Duration.ofSeconds(60), null);
        addDirectoryByTyping(robot, locks());
        await("live.lck held", 10, () -> app.row("live.lck") != null && app.row("live.lck").status() == LockStatus.HELD);
        robot.clickOn("View").clickOn("#menu-notifications");
        await("notifications off", 5, () -> !app.vm.notificationsEnabledProperty().get());

        select(robot, "live.lck");
        robot.type(KeyCode.DELETE);
        DialogPane dialog = breakDialog(robot);
        robot.clickOn("#break-reason").write("looks stuck");
        robot.clickOn("#break-force");
        live.refresh(Duration.ofSeconds(300));
        int shown = fx(() -> app.view.notificationsShownProperty().get());
        robot.clickOn((Node) dialog.lookupButton(BreakDialog.BREAK));

        await("the refusal alert", 10, () -> robot.lookup("#action-result-alert").tryQuery().isPresent());
        DialogPane alert = robot.lookup("#action-result-alert").queryAs(DialogPane.class);
        assertTrue(alert.getHeaderText().contains("changed"), alert.getHeaderText());
        assertEquals(shown, fx(() -> app.view.notificationsShownProperty().get()), "no notification while switched off");
        robot.clickOn((Node) alert.lookupButton(javafx.scene.control.ButtonType.OK));
        assertTrue(live.verify());
    }

    @Test
    void theQuickFilterNarrowsByTextAndByState(FxRobot robot) throws Exception {
        hold("alpha.lck", Duration.ofSeconds(120), null);
        HeldLock b = hold("beta.lck", Duration.ofSeconds(30), "elsewhere.example.org");
        Files.setLastModifiedTime(b.lockFile(), FileTime.from(Instant.now().minusSeconds(600).getEpochSecond(), TimeUnit.SECONDS));
        Files.writeString(locks().resolve("gamma.lck"), "garbage");
        addDirectoryByTyping(robot, locks());
        await("three locks", 10, () -> app.vm.allRows().size() == 3);
        TableView<?> table = robot.lookup("#lock-table").queryAs(TableView.class);

        robot.press(KeyCode.CONTROL).press(KeyCode.F).release(KeyCode.F).release(KeyCode.CONTROL);
        await("filter focused", 5, () -> robot.lookup("#filter-field").query().isFocused());
        robot.write("beta");
        await("only beta", 5, () -> table.getItems().size() == 1 && ((LockRow) table.getItems().get(0)).name().equals("beta.lck"));
        assertEquals("1 of 3 locks", robot.lookup("#row-count").queryAs(Labeled.class).getText());

        fx(() -> {
            app.vm.filterTextProperty().set("");
            return null;
        });
        await("all three again", 5, () -> table.getItems().size() == 3);
        // the state filter, through its combo box as a user picks it
        robot.clickOn("#state-filter");
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell").match((Labeled l) -> "Corrupt".equals(l.getText()))
                .queryAs(Node.class));
        await("only the corrupt one", 5, () -> table.getItems().size() == 1 && ((LockRow) table.getItems().get(0)).name().equals("gamma.lck"));
        assertEquals(LockStatus.CORRUPT, fx(() -> app.vm.filterStateProperty().get()));
        assertEquals("1 of 3 locks", robot.lookup("#row-count").queryAs(Labeled.class).getText());
    }

    @Test
    void aNotificationAppearsWhenAHolderDies(FxRobot robot) throws Exception {
        addDirectoryByTyping(robot, locks());
        await("directory watched", 10, () -> app.vm.directories().get(0).lastScanProperty().get() != null);
        Process child = DemoWorkspace.startHolder(locks().resolve("job.lck"), Duration.ofMinutes(10));
        processes.add(child);
        await("job.lck held by the child", 10, () -> app.row("job.lck") != null && app.row("job.lck").pid() == child.pid());
        int shown = fx(() -> app.view.notificationsShownProperty().get());

        child.destroyForcibly();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        await("holder-dead", 10, () -> app.row("job.lck").status() == LockStatus.HOLDER_DEAD);
        await("a notification", 10, () -> app.view.notificationsShownProperty().get() > shown
                && Window.getWindows().stream().anyMatch(w -> w.getScene() != null
                        && !w.getScene().getRoot().lookupAll(".notification-bar").isEmpty()));
    }

    @Test
    void aPythonFluflHolderShowsWithItsHostAndPid(FxRobot robot) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Path peer = Path.of("..", "lock-lib", "src", "test", "python", "flufl_peer.py").toAbsolutePath().normalize();
        boolean ci = Boolean.parseBoolean(System.getProperty("lockwatch.ci", "false"));
        boolean ready = Files.isExecutable(python) && Files.isRegularFile(peer)
                && new ProcessBuilder(python.toString(), "-c", "import flufl.lock").start().waitFor() == 0;
        if (ci) {
            assertTrue(ready, "CI needs /usr/bin/python3 with flufl.lock and " + peer);
        }
        assumeTrue(ready, "needs /usr/bin/python3 with python3-flufl.lock and " + peer);

        Path lock = locks().resolve("python.lck");
        Process p = new ProcessBuilder(python.toString(), peer.toString(), "hold", lock.toString(), "--lifetime", "90")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.contains("\"event\":\"acquired\""), String.valueOf(line));
        Matcher host = Pattern.compile("\"host\":\"([^\"]+)\"").matcher(line);
        Matcher pid = Pattern.compile("\"pid\":(\\d+)").matcher(line);
        assertTrue(host.find() && pid.find(), line);

        addDirectoryByTyping(robot, locks());
        await("python.lck in the table", 10, () -> app.row("python.lck") != null);
        LockRow row = app.row("python.lck");
        assertEquals(host.group(1), row.host());
        assertEquals(Long.parseLong(pid.group(1)), row.pid());
        assertEquals(LockStatus.HELD, row.status());
        String text = fx(() -> row.expiresInProperty().get().text());
        assertTrue(text.matches("in 1 min [0-3]\\d s"), text);
        p.getOutputStream().close(); // EOF = release
        await("released", 10, () -> app.row("python.lck") == null);
    }

    @Test
    void anUnreachableDirectoryIsMarkedAndTheOthersKeepWorking(FxRobot robot) throws Exception {
        Path missing = tmp.resolve("no-such-share");
        addDirectoryByTyping(robot, missing);
        addDirectoryByTyping(robot, locks());
        hold("ok.lck", Duration.ofSeconds(60), null);
        await("the missing directory marked", 15, () -> app.vm.directories().get(0).isUnreachable());
        await("the other one still scanned", 20, () -> app.row("ok.lck") != null);
        await("a warning in the status bar", 5, () -> robot.lookup("#status-warnings").queryAs(Labeled.class)
                .getText().contains("unreachable"));
        assertFalse(app.vm.directories().get(1).isUnreachable());
    }

    @Test
    void timelineLanesBeyondThePaneScrollInsteadOfBeingDropped(FxRobot robot) throws Exception {
        Path dir = Path.of("/srv/many");
        Instant t0 = Instant.now();
        TimelineModel many = new TimelineModel(dir, "many", t0);
        for (int i = 0; i < 40; i++) {
            io.github.lockwatch.inspect.LockSnapshot s = TestSnapshots.snapshot(dir.resolve("lock-" + i + ".lck"),
                    LockStatus.HELD, "h", i, t0.plusSeconds(60));
            many.record(new io.github.lockwatch.inspect.LockEvent(io.github.lockwatch.inspect.LockEvent.Kind.APPEARED,
                    dir, s.path(), null, s, t0, ""));
        }
        TimelineView view = app.view.timeline();
        fx(() -> {
            app.view.tabs().getSelectionModel().select(1);
            view.modelProperty().set(many);
            return null;
        });
        await("the scroll bar", 5, () -> view.scrollBar().isVisible() && view.shownLanes() < 40);
        int shown = fx(view::shownLanes);
        assertTrue(shown >= 5, "lanes shown: " + shown);
        fx(() -> {
            view.scrollBar().setValue(view.scrollBar().getMax());
            return null;
        });
        await("scrolled to the last lane", 5, () -> view.firstLane() == 40 - view.shownLanes());
    }
}

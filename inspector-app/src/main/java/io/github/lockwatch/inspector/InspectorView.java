package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.ActionResult;
import io.github.lockwatch.inspect.AuditRecord;
import io.github.lockwatch.inspect.Check;
import io.github.lockwatch.inspect.LockSnapshot;
import io.github.lockwatch.inspect.LockStatus;
import io.github.lockwatch.inspect.OrphanClaim;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.HostServices;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import javafx.util.StringConverter;
import org.controlsfx.control.Notifications;
import org.controlsfx.control.StatusBar;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window's controls, bound to a {@link MainViewModel}. Handlers only read properties and
 * call view-model commands; all file I/O happens behind them, on background threads.
 */
public final class InspectorView {

    private final MainViewModel vm;
    private final Stage stage;
    private final HostServices hostServices;
    private final BorderPane root = new BorderPane();
    private final SidebarView sidebar;
    private final LockTableView table;
    private final DetailView detail;
    private final TimelineView timeline;
    private final TabPane tabs = new TabPane();
    private final TextField filter = new TextField();
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");
    private final IntegerProperty notificationsShown = new SimpleIntegerProperty(this, "notificationsShown");
    private final StatusBar statusBar = new StatusBar();
    private Consumer<Alert> alertShown = a -> { };

    public InspectorView(MainViewModel vm, Stage stage, HostServices hostServices) {
        this.vm = vm;
        this.stage = stage;
        this.hostServices = hostServices;
        this.sidebar = new SidebarView(vm);
        this.table = new LockTableView(vm);
        this.detail = new DetailView(vm);
        this.timeline = new TimelineView(vm.now());
        root.setId("inspector-root");

        // centre: filter bar + table | detail, and the timeline tab
        filter.setId("filter-field");
        filter.setPromptText("Filter: name, host, pid, claim (Ctrl+F)");
        filter.textProperty().bindBidirectional(vm.filterTextProperty());
        filter.setPrefColumnCount(26);
        ComboBox<LockStatus> state = new ComboBox<>();
        state.setId("state-filter");
        state.getItems().add(null);
        state.getItems().addAll(LockStatus.values());
        state.setConverter(new StringConverter<>() {
            @Override
            public String toString(LockStatus s) {
                return s == null ? "All states" : StateStyles.label(s);
            }

            @Override
            public LockStatus fromString(String s) {
                return null;
            }
        });
        state.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(LockStatus s, boolean empty) {
                super.updateItem(s, empty);
                setText(s == null ? "All states" : StateStyles.label(s));
            }
        });
        state.valueProperty().bindBidirectional(vm.filterStateProperty());
        Label count = new Label();
        count.setId("row-count");
        count.textProperty().bind(Bindings.createStringBinding(
                () -> vm.visibleRows().size() + " of " + vm.allRows().size() + " locks", vm.visibleRows(), vm.allRows()));
        HBox filterBar = new HBox(8, new FontIcon(Feather.FILTER), filter, state, count);
        filterBar.getStyleClass().add("filter-bar");

        detail.refreshButton.setOnAction(e -> openRefreshDialog());
        detail.breakButton.setOnAction(e -> openBreakDialog());
        detail.copyButton.setOnAction(e -> copyDetails());
        detail.folderButton.setOnAction(e -> openFolder());

        SplitPane split = new SplitPane(table.table(), detail.root());
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.765);
        SplitPane.setResizableWithParent(detail.root(), false);
        VBox locksBox = new VBox(filterBar, split);
        VBox.setVgrow(split, Priority.ALWAYS);
        Tab locksTab = new Tab("Locks", locksBox);
        locksTab.setGraphic(new FontIcon(Feather.LIST));
        locksTab.setId("locks-tab");
        Tab timelineTab = new Tab("Timeline", timeline);
        timelineTab.setGraphic(new FontIcon(Feather.ACTIVITY));
        timelineTab.setId("timeline-tab");
        tabs.getTabs().setAll(locksTab, timelineTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        timeline.darkProperty().bind(dark);
        Runnable pickTimeline = () -> {
            DirectoryItem d = vm.selectedDirectoryProperty().get();
            if (d == null && !vm.directories().isEmpty()) {
                d = vm.directories().get(0);
            }
            timeline.modelProperty().set(d == null ? null : vm.timeline(d.path()).orElse(null));
        };
        vm.selectedDirectoryProperty().addListener((o, a, b) -> pickTimeline.run());
        vm.directories().addListener((javafx.collections.ListChangeListener<DirectoryItem>) c -> pickTimeline.run());
        pickTimeline.run();

        // the demo banner
        Label demoTitle = new Label("Demo workspace");
        demoTitle.getStyleClass().add("demo-title");
        demoTitle.setGraphic(new FontIcon(Feather.INFO));
        demoTitle.setMinWidth(Region.USE_PREF_SIZE);
        Label demoText = new Label();
        demoText.setId("demo-banner-text");
        HBox banner = new HBox(demoTitle, demoText);
        banner.getStyleClass().add("demo-banner");
        banner.setId("demo-banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        Runnable updateBanner = () -> {
            DirectoryItem demo = vm.directories().stream().filter(DirectoryItem::isDemo).findFirst().orElse(null);
            banner.setVisible(demo != null);
            banner.setManaged(demo != null);
            demoText.setText(demo == null ? "" : "real locks made by this app, one in every state, deleted when you quit: "
                    + demo.path());
        };
        vm.directories().addListener((javafx.collections.ListChangeListener<DirectoryItem>) c -> updateBanner.run());
        updateBanner.run();

        BorderPane centre = new BorderPane(tabs);
        centre.setTop(banner);

        // status bar
        statusBar.setId("status-bar");
        statusBar.textProperty().bind(vm.statusTextProperty());
        Label warnings = new Label();
        warnings.setId("status-warnings");
        warnings.getStyleClass().add("warning-text");
        warnings.textProperty().bind(vm.warningTextProperty());
        warnings.graphicProperty().bind(Bindings.when(vm.warningTextProperty().isEmpty())
                .then((javafx.scene.Node) null).otherwise(new FontIcon(Feather.ALERT_TRIANGLE)));
        Label message = new Label();
        message.setId("status-message");
        message.getStyleClass().add("message-text");
        // file names only (a full path fills the bar and the end of the message is cut); all of it in the tooltip
        message.textProperty().bind(Bindings.createStringBinding(
                () -> Countdown.shortPaths(vm.lastMessageProperty().get()), vm.lastMessageProperty()));
        Tooltip fullMessage = new Tooltip();
        fullMessage.textProperty().bind(vm.lastMessageProperty());
        fullMessage.setWrapText(true);
        fullMessage.setMaxWidth(700);
        message.setTooltip(fullMessage);
        message.setMaxWidth(560);
        statusBar.getRightItems().setAll(warnings, new javafx.scene.control.Separator(Orientation.VERTICAL), message);

        sidebar.choose.setOnAction(e -> chooseDirectory());

        VBox top = new VBox(menuBar(), toolBar());
        root.setTop(top);
        SplitPane main = new SplitPane(sidebar.root(), centre);
        main.setDividerPositions(0.185);
        SplitPane.setResizableWithParent(sidebar.root(), false);
        root.setCenter(main);
        root.setBottom(statusBar);

        table.table().setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE) {
                openBreakDialog();
                e.consume();
            }
        });
        vm.onNotice(this::showNotice);
    }

    private MenuBar menuBar() {
        MenuItem addDir = item("Add directory…", Feather.FOLDER_PLUS, new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::chooseDirectory);
        MenuItem removeDir = item("Stop watching directory", Feather.MINUS, null,
                () -> vm.removeDirectory(vm.selectedDirectoryProperty().get()));
        MenuItem open = item("Open folder", Feather.FOLDER, null, this::openFolder);
        MenuItem quit = item("Quit", Feather.LOG_OUT, new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), stage::close);
        Menu file = new Menu("File", null, addDir, removeDir, open, new SeparatorMenuItem(), quit);

        MenuItem refresh = item("Refresh…", Feather.REFRESH_CW, new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), this::openRefreshDialog);
        MenuItem brk = item("Break…  (Delete)", Feather.SCISSORS, null, this::openBreakDialog);
        brk.setId("menu-break");
        MenuItem copy = item("Copy details", Feather.COPY, new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), this::copyDetails);
        MenuItem clean = item("Clean orphan claims…", Feather.TRASH_2, null, this::cleanOrphans);
        Menu lock = new Menu("Lock", null, refresh, brk, copy, new SeparatorMenuItem(), clean);

        MenuItem rescan = item("Rescan now", Feather.ROTATE_CW, new KeyCodeCombination(KeyCode.F5), vm::rescan);
        MenuItem find = item("Filter", Feather.SEARCH, new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), this::focusFilter);
        MenuItem showLocks = item("Locks", Feather.LIST, new KeyCodeCombination(KeyCode.DIGIT1, KeyCombination.SHORTCUT_DOWN), () -> tabs.getSelectionModel().select(0));
        MenuItem showTimeline = item("Timeline", Feather.ACTIVITY, new KeyCodeCombination(KeyCode.DIGIT2, KeyCombination.SHORTCUT_DOWN), () -> tabs.getSelectionModel().select(1));
        CheckMenuItem darkItem = new CheckMenuItem("Dark theme");
        darkItem.setAccelerator(new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        darkItem.selectedProperty().bindBidirectional(dark);
        dark.addListener((o, a, b) -> Theme.apply(b));
        CheckMenuItem notify = new CheckMenuItem("Desktop notifications");
        notify.setId("menu-notifications");
        notify.selectedProperty().bindBidirectional(vm.notificationsEnabledProperty());
        Menu view = new Menu("View", null, rescan, find, new SeparatorMenuItem(), showLocks, showTimeline,
                new SeparatorMenuItem(), darkItem, notify);

        MenuItem doctor = item("Check directory (doctor)…", Feather.ACTIVITY, null, this::runDoctor);
        MenuItem audit = item("Audit log…", Feather.BOOK_OPEN, null, this::showAudit);
        Menu tools = new Menu("Tools", null, doctor, audit);
        MenuItem keys = item("Keyboard shortcuts", Feather.COMMAND, null, () -> info("Keyboard shortcuts",
                "F5  rescan now\nCtrl+F  filter\nDelete  break the selected lock(s) (with confirmation)\n"
                        + "Ctrl+R  refresh the selected lock(s)\nCtrl+Shift+C  copy details\nCtrl+O  add a directory\n"
                        + "Ctrl+1 / Ctrl+2  locks / timeline\nCtrl+Shift+D  dark theme\nCtrl+Q  quit"));
        MenuItem about = item("About", Feather.INFO, null, () -> info("Lockwatch inspector",
                "Inspects flufl.lock-protocol lock directories: who holds what, until when, and whether the holder is alive.\n"
                        + "Audit log: " + vm.engine().admin().auditLog().file()));
        Menu help = new Menu("Help", null, keys, about);
        MenuBar bar = new MenuBar(file, lock, view, tools, help);
        bar.setId("menu-bar");
        return bar;
    }

    private ToolBar toolBar() {
        Button add = tool("Add directory", Feather.FOLDER_PLUS, this::chooseDirectory);
        Button rescan = tool("Rescan (F5)", Feather.ROTATE_CW, vm::rescan);
        rescan.setId("tool-rescan");
        Button refresh = tool("Refresh…", Feather.REFRESH_CW, this::openRefreshDialog);
        Button brk = tool("Break…", Feather.SCISSORS, this::openBreakDialog);
        brk.setId("tool-break");
        Button clean = tool("Clean orphan claims…", Feather.TRASH_2, this::cleanOrphans);
        Button timelineBtn = tool("Timeline", Feather.ACTIVITY, () -> tabs.getSelectionModel().select(1));
        refresh.disableProperty().bind(vm.selectedRowProperty().isNull());
        brk.disableProperty().bind(vm.selectedRowProperty().isNull());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button theme = new Button(null, new FontIcon(Feather.MOON));
        theme.setTooltip(new Tooltip("Light / dark theme"));
        theme.setOnAction(e -> dark.set(!dark.get()));
        ToolBar bar = new ToolBar(add, rescan, new javafx.scene.control.Separator(Orientation.VERTICAL), refresh, brk, clean,
                new javafx.scene.control.Separator(Orientation.VERTICAL), timelineBtn, spacer, theme);
        bar.setId("tool-bar");
        return bar;
    }

    private static MenuItem item(String text, Feather icon, KeyCombination key, Runnable action) {
        MenuItem m = new MenuItem(text, new FontIcon(icon));
        if (key != null) {
            m.setAccelerator(key);
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    private static Button tool(String text, Feather icon, Runnable action) {
        Button b = new Button(text, new FontIcon(icon));
        b.setOnAction(e -> action.run());
        return b;
    }

    // ---- actions ---------------------------------------------------------------------------

    void focusFilter() {
        tabs.getSelectionModel().select(0);
        filter.requestFocus();
        filter.selectAll();
    }

    private void chooseDirectory() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Watch a lock directory");
        File dir = chooser.showDialog(stage);
        if (dir != null) {
            vm.addDirectory(dir.toPath(), false);
        }
    }

    /** The snapshots of the selected locks when several are selected, as they are now; else empty. */
    private List<LockSnapshot> multiSelection() {
        List<LockRow> sel = List.copyOf(vm.selectedRows());
        return sel.size() > 1 ? sel.stream().map(LockRow::snapshot).toList() : List.of();
    }

    /**
     * Opens the break confirmation for the selected lock, or for all selected locks when several are
     * selected; does nothing without a selection.
     */
    public Dialog<ButtonType> openBreakDialog() {
        List<LockSnapshot> several = multiSelection();
        if (!several.isEmpty()) {
            BreakDialog bd = new BreakDialog(new BreakDialogModel(several), vm);
            Dialog<ButtonType> d = bd.dialog(stage);
            d.setOnHidden(e -> {
                if (d.getResult() == BreakDialog.BREAK) {
                    BreakDialogModel m = bd.model();
                    vm.breakLocks(m.requests(), m.reason()).thenAccept(this::reportBatch);
                }
            });
            d.show();
            return d;
        }
        LockRow row = vm.selectedRowProperty().get();
        if (row == null) {
            return null;
        }
        BreakDialog bd = new BreakDialog(new BreakDialogModel(row.snapshot()), vm);
        Dialog<ButtonType> d = bd.dialog(stage);
        d.setOnHidden(e -> {
            if (d.getResult() == BreakDialog.BREAK) {
                BreakDialogModel m = bd.model();
                vm.breakLock(m.seen(), m.force(), m.reason()).thenAccept(r -> reportResult("Break", r));
            }
        });
        d.show();
        return d;
    }

    /**
     * A refused or failed action is told once: by the view model's desktop notification, or, when
     * notifications are switched off, by an alert here (the status bar has it either way).
     */
    private void reportResult(String action, ActionResult r) {
        if (r.outcome() == ActionResult.Outcome.DONE || vm.notificationsEnabledProperty().get()) {
            return;
        }
        String header = MainViewModel.outcomeHeadline(action, r.outcome());
        Alert a = new Alert(Alert.AlertType.ERROR, r.message(), ButtonType.OK);
        a.initOwner(stage);
        a.setHeaderText(header);
        a.getDialogPane().setId("action-result-alert");
        a.show();
        alertShown.accept(a);
    }

    /** A per-lock outcome of an action on several locks: the summary in the status bar, an alert if any was not done. */
    private void reportBatch(BatchResult b) {
        if (b.allDone() || vm.notificationsEnabledProperty().get()) {
            return; // told by the notification
        }
        Alert a = new Alert(Alert.AlertType.ERROR, String.join("\n",
                b.notDone().stream().map(ActionResult::message).toList()), ButtonType.OK);
        a.initOwner(stage);
        a.setHeaderText(b.action() + ": " + b.summary());
        a.getDialogPane().setId("action-result-alert");
        a.show();
        alertShown.accept(a);
    }

    void openRefreshDialog() {
        List<LockSnapshot> several = multiSelection();
        LockRow row = vm.selectedRowProperty().get();
        if (several.isEmpty() && row == null) {
            return;
        }
        LockSnapshot seen = several.isEmpty() ? row.snapshot() : null;
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(stage);
        d.setTitle(several.isEmpty() ? "Refresh lock" : "Refresh locks");
        d.setHeaderText(several.isEmpty()
                ? "Set the expiry of " + seen.path().getFileName() + " (held by " + seen.holderDescription() + ")"
                : "Set the expiry of " + several.size() + " locks: " + String.join(", ",
                        several.stream().map(s -> String.valueOf(s.path().getFileName())).toList()));
        ChoiceBox<Duration> lifetime = new ChoiceBox<>();
        lifetime.setId("refresh-lifetime");
        lifetime.getItems().setAll(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(15), Duration.ofHours(1));
        lifetime.setValue(Duration.ofMinutes(5));
        lifetime.setConverter(new StringConverter<>() {
            @Override
            public String toString(Duration v) {
                return v == null ? "" : Countdown.span(v.toSeconds()) + " from now";
            }

            @Override
            public Duration fromString(String s) {
                return null;
            }
        });
        TextField reason = new TextField();
        reason.setPromptText("Why? (written to the audit log)");
        reason.setId("refresh-reason");
        Label note = new Label((several.isEmpty() ? "Only if it is still the lock shown (same inode and content)"
                : "Each lock only if it is still the lock it was when this dialog opened (same inode and content);"
                        + " one that changed is refused, the others are refreshed")
                + "; the holder's own keep-alive may set a different expiry later.");
        note.setWrapText(true);
        note.setMaxWidth(460);
        d.getDialogPane().setContent(new VBox(8, new Label("New expiry"), lifetime, new Label("Reason"), reason, note));
        ButtonType ok = new ButtonType("Refresh", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(ok, ButtonType.CANCEL);
        d.setOnHidden(e -> {
            if (d.getResult() == ok && several.isEmpty()) {
                vm.refresh(seen, lifetime.getValue(), reason.getText().strip()).thenAccept(r -> reportResult("Refresh", r));
            } else if (d.getResult() == ok) {
                vm.refreshLocks(several, lifetime.getValue(), reason.getText().strip()).thenAccept(this::reportBatch);
            }
        });
        d.show();
    }

    private void copyDetails() {
        LockRow row = vm.selectedRowProperty().get();
        if (row == null) {
            return;
        }
        ClipboardContent c = new ClipboardContent();
        c.putString(DetailText.of(row.snapshot(), vm.history(row.path()), vm.now().getValue()));
        Clipboard.getSystemClipboard().setContent(c);
    }

    private Path currentDirectory() {
        LockRow row = vm.selectedRowProperty().get();
        if (row != null) {
            return row.directory();
        }
        DirectoryItem d = vm.selectedDirectoryProperty().get();
        return d == null ? null : d.path();
    }

    private void openFolder() {
        Path dir = currentDirectory();
        if (dir != null && hostServices != null) {
            vm.openFolder(dir, hostServices::showDocument); // off the FX thread: toUri() stats, the desktop may block
        }
    }

    private void cleanOrphans() {
        Path dir = currentDirectory();
        if (dir == null) {
            info("Clean orphan claims", "Select a directory first.");
            return;
        }
        vm.previewClean(dir).thenAccept(preview -> {
            List<OrphanClaim> candidates = preview.getValue().candidates();
            if (candidates.isEmpty()) {
                info("Clean orphan claims", "No orphan claim files in " + dir + ".");
                return;
            }
            StringBuilder text = new StringBuilder();
            for (OrphanClaim o : candidates) {
                text.append(o.claimFile().getFileName()).append("\n    ").append(o.host()).append(" pid ").append(o.pid())
                        .append(" (").append(o.liveness().jsonName()).append("): ").append(o.reason()).append('\n');
            }
            Alert a = new Alert(Alert.AlertType.CONFIRMATION);
            a.initOwner(stage);
            a.setTitle("Clean orphan claims");
            a.setHeaderText("Remove " + candidates.size() + " orphan claim file(s) in " + dir + "?");
            TextArea area = new TextArea(text.toString());
            area.setEditable(false);
            area.setPrefRowCount(Math.min(10, candidates.size() * 2));
            a.getDialogPane().setContent(area);
            a.setOnHidden(e -> {
                if (a.getResult() == ButtonType.OK) {
                    vm.clean(preview.getKey());
                }
            });
            a.show();
        });
    }

    private void runDoctor() {
        Path dir = currentDirectory();
        if (dir == null) {
            info("Doctor", "Select a directory first.");
            return;
        }
        vm.doctor(dir).thenAccept(r -> {
            StringBuilder b = new StringBuilder(r.verdict()).append("\n\n");
            for (Check c : r.checks()) {
                b.append(c.result()).append("  ").append(c.name()).append(": ").append(c.detail()).append('\n');
            }
            r.clockOffset().ifPresent(o -> b.append("\nClock offset from the file server: ").append(o.toMillis()).append(" ms"));
            info("Doctor: " + dir, b.toString());
        });
    }

    private void showAudit() {
        vm.readAudit().whenComplete((records, err) -> {
            if (err != null) {
                info("Audit log", "Cannot read " + vm.engine().admin().auditLog().file() + ": " + err.getCause());
                return;
            }
            ListView<String> list = new ListView<>();
            for (int i = records.size() - 1; i >= 0; i--) {
                AuditRecord r = records.get(i);
                list.getItems().add(Countdown.dateTime(r.time()) + "  " + r.user() + "@" + r.host() + "  " + r.action()
                        + "  " + r.lock() + "  holder " + r.holderHost() + ":" + r.holderPid() + "  → " + r.outcome()
                        + (r.reason() == null || r.reason().isEmpty() ? "" : "  (" + r.reason() + ")"));
            }
            if (list.getItems().isEmpty()) {
                list.getItems().add("No actions recorded yet.");
            }
            list.setPrefSize(900, 360);
            Alert a = new Alert(Alert.AlertType.INFORMATION);
            a.initOwner(stage);
            a.setTitle("Audit log");
            a.setHeaderText("Audit log: " + vm.engine().admin().auditLog().file());
            a.getDialogPane().setContent(list);
            a.setResizable(true);
            a.show();
        });
    }

    private void info(String title, String text) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle(title);
        a.setHeaderText(title);
        TextArea area = new TextArea(text);
        area.setEditable(false);
        area.setWrapText(true);
        a.getDialogPane().setContent(area);
        a.show();
        alertShown.accept(a);
    }

    private void showNotice(Notice n) {
        if (!vm.notificationsEnabledProperty().get() || stage.getScene() == null) {
            return;
        }
        Notifications note = Notifications.create()
                .owner(stage)
                .title(n.title())
                .text(n.text())
                .position(Pos.BOTTOM_RIGHT)
                .hideAfter(javafx.util.Duration.seconds(n.level() == Notice.Level.ERROR ? 10 : 6));
        if (dark.get()) {
            note.darkStyle();
        }
        switch (n.level()) {
            case ERROR -> note.showError();
            case WARNING -> note.showWarning();
            default -> note.showInformation();
        }
        notificationsShown.set(notificationsShown.get() + 1);
    }

    // ---- for the app, tests and screenshots -----------------------------------------------

    public Parent root() {
        return root;
    }

    public TabPane tabs() {
        return tabs;
    }

    public TimelineView timeline() {
        return timeline;
    }

    public LockTableView table() {
        return table;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    /** How many desktop notifications were shown. */
    public IntegerProperty notificationsShownProperty() {
        return notificationsShown;
    }

    /** Called with every alert this view shows (tests). */
    void onAlert(Consumer<Alert> listener) {
        this.alertShown = listener;
    }
}

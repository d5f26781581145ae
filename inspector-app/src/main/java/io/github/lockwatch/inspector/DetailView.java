package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.LockEvent;
import io.github.lockwatch.inspect.LockSnapshot;
import io.github.lockwatch.inspect.Waiter;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The detail pane: all evidence about the selected lock, and its event history since watching began. */
public final class DetailView {

    private final MainViewModel vm;
    private final VBox box = new VBox();
    private final ScrollPane root = new ScrollPane(box);
    private final Label title = new Label();
    private final FontIcon badgeIcon = new FontIcon();
    private final Label badge = new Label(null, badgeIcon);
    private final Label explanation = new Label();
    private final Label countdown = new Label();
    private final GridPane grid = new GridPane();
    private final Label liveness = new Label();
    private final VBox waiters = new VBox(2);
    private final VBox findings = new VBox(2);
    private final TextArea raw = new TextArea();
    private final ListView<LockEvent> history = new ListView<>();
    private final Label empty = new Label("Select a lock to see its evidence.");
    private final VBox content = new VBox(6);
    final Button refreshButton = new Button("Refresh…", new FontIcon(Feather.REFRESH_CW));
    final Button breakButton = new Button("Break…", new FontIcon(Feather.SCISSORS));
    final Button copyButton = new Button("Copy details", new FontIcon(Feather.COPY));
    final Button folderButton = new Button("Open folder", new FontIcon(Feather.FOLDER));
    private final Label[] values = new Label[10];
    private final ChangeListener<LockSnapshot> onSnapshot = (o, a, b) -> show(b);

    public DetailView(MainViewModel vm) {
        this.vm = vm;
        root.setId("detail-pane");
        root.setFitToWidth(true);
        box.getStyleClass().add("detail");
        title.getStyleClass().add("detail-title");
        title.setId("detail-title");
        badge.getStyleClass().add("state-badge");
        explanation.getStyleClass().add("explanation");
        explanation.setId("detail-explanation");
        liveness.getStyleClass().add("proof");
        liveness.setId("detail-liveness");
        raw.setEditable(false);
        raw.getStyleClass().add("raw");
        raw.setWrapText(true);
        raw.setPrefRowCount(3);
        raw.setId("detail-raw");
        empty.getStyleClass().add("empty-hint");
        history.setId("detail-history");
        history.setPrefHeight(160);
        history.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(LockEvent e, boolean isEmpty) {
                super.updateItem(e, isEmpty);
                setText(isEmpty || e == null ? null : DetailText.event(e));
            }
        });
        grid.setHgap(10);
        grid.setVgap(3);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(80);
        ColumnConstraints vals = new ColumnConstraints();
        vals.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(keys, vals);
        String[] names = {"Holder", "PID", "Expires", "Claim", "mtime", "ctime", "Inode", "Links", "Owner", "Path"};
        for (int i = 0; i < names.length; i++) {
            Label k = new Label(names[i]);
            k.getStyleClass().add("key");
            values[i] = new Label();
            values[i].setWrapText(true);
            values[i].setId("detail-" + names[i].toLowerCase(java.util.Locale.ROOT));
            grid.addRow(i, k, values[i]);
        }
        values[3].getStyleClass().add("mono");
        refreshButton.setId("detail-refresh");
        breakButton.setId("detail-break");
        copyButton.setId("detail-copy");
        folderButton.setId("detail-folder");
        javafx.scene.layout.FlowPane actions = new javafx.scene.layout.FlowPane(6, 6, refreshButton, breakButton, copyButton, folderButton);
        HBox head = new HBox(8, title, badge);
        head.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        content.getChildren().setAll(head, explanation, countdown, actions, grid,
                section("Liveness"), liveness, section("Waiters"), waiters, section("Findings"), findings,
                section("Raw content"), raw, section("Events since watching began"), history);
        box.setPadding(new Insets(10));
        box.getChildren().setAll(empty);

        vm.selectedRowProperty().addListener((o, a, b) -> {
            if (a != null) {
                a.snapshotProperty().removeListener(onSnapshot);
                countdown.textProperty().unbind();
            }
            if (b == null) {
                box.getChildren().setAll(empty);
                history.setItems(null);
            } else {
                b.snapshotProperty().addListener(onSnapshot);
                countdown.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> "Expires " + b.expiresInProperty().get().text(), b.expiresInProperty()));
                history.setItems(vm.history(b.path()));
                box.getChildren().setAll(content);
                show(b.snapshot());
            }
        });
    }

    private static Node section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section");
        return l;
    }

    private void show(LockSnapshot s) {
        if (s == null) {
            return;
        }
        title.setText(String.valueOf(s.path().getFileName()));
        badge.setText(StateStyles.label(s.status()));
        badgeIcon.setIconCode(StateStyles.icon(s.status()));
        StateStyles.apply(badge, s.status());
        explanation.setText(Countdown.humane(s.explanation()));
        values[0].setText(s.host() == null || s.host().isEmpty() ? "—" : s.host());
        values[1].setText(s.pid() < 0 ? "—" : Long.toString(s.pid()));
        values[2].setText(Countdown.shownExpiry(s) == null ? "— (no meaningful expiry)" : Countdown.dateTime(s.expires()));
        values[3].setText(s.claimText().orElse("(no parseable claim)"));
        values[4].setText(Countdown.dateTime(s.mtime()));
        values[5].setText(Countdown.dateTime(s.ctime()));
        values[6].setText(Long.toString(s.inode()));
        values[7].setText(Long.toString(s.linkCount()));
        values[8].setText(s.owner() == null ? "—" : s.owner());
        values[9].setText(s.path().toString());
        liveness.setText(Countdown.humane(s.liveness().jsonName() + ": " + s.livenessEvidence()));
        waiters.getChildren().clear();
        if (s.waiters().isEmpty()) {
            waiters.getChildren().add(hint("none"));
        }
        for (Waiter w : s.waiters()) {
            Label wl = new Label(DetailText.waiter(w));
            wl.setWrapText(true);
            waiters.getChildren().add(wl);
        }
        findings.getChildren().clear();
        if (s.findings().isEmpty()) {
            findings.getChildren().add(hint("none"));
        }
        for (String f : s.findings()) {
            Label l = new Label("• " + f);
            l.getStyleClass().add("finding");
            findings.getChildren().add(l);
        }
        raw.setText(s.rawContent().isEmpty() ? "(empty file)" : s.rawContent());
    }

    private static Label hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("empty-hint");
        return l;
    }

    /** The control. */
    public ScrollPane root() {
        return root;
    }
}

package io.github.lockwatch.inspector;

import java.time.Instant;

import io.github.lockwatch.inspect.LockSnapshot;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The break confirmation dialog over a {@link BreakDialogModel}. */
public final class BreakDialog {

    /** The confirming button. */
    public static final ButtonType BREAK = new ButtonType("Break lock", ButtonBar.ButtonData.OK_DONE);

    private final BreakDialogModel model;
    private final DialogPane pane = new DialogPane();

    public BreakDialog(BreakDialogModel model, MainViewModel vm) {
        this.model = model;
        if (model.isMultiple()) {
            buildMultiple(vm);
        } else {
            buildSingle(vm);
        }
        pane.getButtonTypes().setAll(BREAK, ButtonType.CANCEL);
        pane.lookupButton(BREAK).disableProperty().bind(model.canBreakProperty().not());
        pane.lookupButton(BREAK).setId("break-confirm");
        pane.lookupButton(ButtonType.CANCEL).setId("break-cancel");
    }

    private void buildSingle(MainViewModel vm) {
        LockSnapshot s = model.seen();
        pane.getStyleClass().add("break-dialog");
        pane.setId("break-dialog");
        pane.setHeaderText("Break " + s.path().getFileName() + "?");
        pane.setGraphic(new FontIcon(Feather.SCISSORS));

        GridPane grid = new GridPane();
        grid.getStyleClass().add("holder-grid");
        grid.setHgap(12);
        grid.setVgap(4);
        row(grid, 0, "Lock", s.path().toString(), "break-path");
        row(grid, 1, "State", StateStyles.label(s.status()) + " — " + Countdown.humane(s.explanation()), "break-state");
        row(grid, 2, "Holder host", s.host() == null || s.host().isEmpty() ? "— (no parseable claim)" : s.host(), "break-host");
        row(grid, 3, "Holder pid", s.pid() < 0 ? "—" : Long.toString(s.pid()), "break-pid");
        Instant expiry = Countdown.shownExpiry(s);
        row(grid, 4, "Expiry", expiry == null ? "— (no meaningful expiry)" : Countdown.dateTime(expiry) + "  ("
                + Countdown.expiresIn(expiry, vm.now().getValue()) + " when this dialog opened)", "break-expiry");
        row(grid, 5, "Liveness", Countdown.humane(s.liveness().jsonName() + ": " + s.livenessEvidence()), "break-liveness");

        Label note = wrapped("", 560);
        if (model.forceRequired()) {
            note.setText("This lock may still be in use. Breaking it lets another process in while its holder "
                    + "still thinks it owns the lock: the holder may come back and lose its work.");
            note.getStyleClass().add("danger-note");
        } else {
            note.setText("The holder's claim can be removed safely: " + Countdown.humane(s.explanation()));
            note.getStyleClass().add("safe-note");
        }
        Label compare = wrapped("The break is compare-and-break: if the lock changes before you confirm "
                + "(refreshed, released or re-acquired), it is refused and nothing is removed.", 560);

        VBox box = new VBox(10, grid, note, compare, new Label("Reason"),
                reasonField("Why? (written to the audit log)"));
        if (model.forceRequired()) {
            box.getChildren().add(forceBox("Force: I understand this may steal a live lock from "
                    + (s.host() == null ? "its holder" : s.host() + " pid " + s.pid())));
        }
        box.setPrefWidth(600);
        pane.setContent(box);
    }

    /** Several locks: one row per lock as in the snapshot the dialog opened with, one reason, one force box. */
    private void buildMultiple(MainViewModel vm) {
        java.util.List<LockSnapshot> all = model.seenAll();
        pane.getStyleClass().add("break-dialog");
        pane.setId("break-dialog");
        pane.setHeaderText("Break " + all.size() + " locks?");
        pane.setGraphic(new FontIcon(Feather.SCISSORS));

        GridPane grid = new GridPane();
        grid.setId("break-list");
        grid.getStyleClass().add("holder-grid");
        grid.setHgap(12);
        grid.setVgap(4);
        String[] heads = {"Lock", "Holder host", "Pid", "State", "Expiry"};
        for (int c = 0; c < heads.length; c++) {
            Label h = new Label(heads[c]);
            h.getStyleClass().add("key");
            grid.add(h, c, 0);
        }
        java.time.Instant opened = vm.now().getValue();
        for (int i = 0; i < all.size(); i++) {
            LockSnapshot s = all.get(i);
            String[] cells = {
                String.valueOf(s.path().getFileName()),
                s.host() == null || s.host().isEmpty() ? "—" : s.host(),
                s.pid() < 0 ? "—" : Long.toString(s.pid()),
                StateStyles.label(s.status()) + (BreakDialogModel.needsForce(s) ? " (needs force)" : ""),
                Countdown.shownExpiry(s) == null ? "—"
                        : Countdown.dateTime(s.expires()) + "  (" + Countdown.expiresIn(s.expires(), opened) + ")"};
            for (int c = 0; c < cells.length; c++) {
                Label v = new Label(cells[c]);
                v.getStyleClass().add("value");
                v.setId("break-list-" + i + "-" + c);
                grid.add(v, c, i + 1);
            }
        }
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(Math.min(all.size() + 1, 10) * 22.0);

        java.util.List<LockSnapshot> live = model.needingForce();
        Label note = wrapped("", 640);
        if (live.isEmpty()) {
            note.setText("Every holder's claim can be removed safely.");
            note.getStyleClass().add("safe-note");
        } else {
            note.setText(live.size() + " of these locks may still be in use ("
                    + String.join(", ", live.stream().map(s -> String.valueOf(s.path().getFileName())).toList())
                    + "). Breaking one lets another process in while its holder still thinks it owns the lock. "
                    + "Force is used only for these; the others are broken without it.");
            note.getStyleClass().add("danger-note");
        }
        Label compare = wrapped("Each break is compare-and-break against the row shown: a lock that changes "
                + "before you confirm (refreshed, released or re-acquired) is refused and left alone; the others are still broken.", 640);

        VBox box = new VBox(10, scroll, note, compare, new Label("Reason"),
                reasonField("Why? (written to the audit log for each lock)"));
        if (!live.isEmpty()) {
            box.getChildren().add(forceBox("Force: I understand this may steal "
                    + (live.size() == 1 ? "a live lock" : live.size() + " live locks") + " from "
                    + (live.size() == 1 && live.get(0).host() != null
                            ? live.get(0).host() + " pid " + live.get(0).pid() : "their holders")));
        }
        box.setPrefWidth(680);
        pane.setContent(box);
    }

    private TextField reasonField(String prompt) {
        TextField reason = new TextField();
        reason.setId("break-reason");
        reason.setPromptText(prompt);
        reason.textProperty().bindBidirectional(model.reasonProperty());
        return reason;
    }

    private CheckBox forceBox(String text) {
        CheckBox force = new CheckBox(text);
        force.setId("break-force");
        force.getStyleClass().add("force-box");
        force.selectedProperty().bindBidirectional(model.forceConfirmedProperty());
        return force;
    }

    private static void row(GridPane grid, int r, String key, String value, String id) {
        Label k = new Label(key);
        k.getStyleClass().add("key");
        Label v = wrapped(value, 460);
        v.getStyleClass().add("value");
        v.setId(id);
        grid.addRow(r, k, v);
    }

    private static Label wrapped(String text, double maxWidth) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMaxWidth(maxWidth);
        return l;
    }

    /** The content, for rendering without a window (screenshots). */
    public DialogPane pane() {
        return pane;
    }

    /** A dialog around the pane, owned by {@code owner}. */
    public Dialog<ButtonType> dialog(Window owner) {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle(model.isMultiple() ? "Break locks" : "Break lock");
        d.initOwner(owner);
        d.setDialogPane(pane);
        d.setResizable(true);
        return d;
    }

    public BreakDialogModel model() {
        return model;
    }
}

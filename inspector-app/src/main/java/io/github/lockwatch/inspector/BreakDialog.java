package io.github.lockwatch.inspector;

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
        row(grid, 1, "State", StateStyles.label(s.status()) + " — " + s.explanation(), "break-state");
        row(grid, 2, "Holder host", s.host() == null || s.host().isEmpty() ? "— (no parseable claim)" : s.host(), "break-host");
        row(grid, 3, "Holder pid", s.pid() < 0 ? "—" : Long.toString(s.pid()), "break-pid");
        row(grid, 4, "Expiry", Countdown.dateTime(s.expires()) + "  ("
                + Countdown.expiresIn(s.expires(), vm.now().getValue()) + " when this dialog opened)", "break-expiry");
        row(grid, 5, "Liveness", s.liveness().jsonName() + ": " + s.livenessEvidence(), "break-liveness");

        Label note = new Label();
        note.setMaxWidth(560);
        if (model.forceRequired()) {
            note.setText("This lock may still be in use. Breaking it lets another process in while its holder "
                    + "still thinks it owns the lock: the holder may come back and lose its work.");
            note.getStyleClass().add("danger-note");
        } else {
            note.setText("The holder's claim can be removed safely: " + s.explanation());
            note.getStyleClass().add("safe-note");
        }
        note.setWrapText(true);
        Label compare = new Label("The break is compare-and-break: if the lock changes before you confirm "
                + "(refreshed, released or re-acquired), it is refused and nothing is removed.");
        compare.setWrapText(true);
        compare.setMaxWidth(560);

        TextField reason = new TextField();
        reason.setId("break-reason");
        reason.setPromptText("Why? (written to the audit log)");
        reason.textProperty().bindBidirectional(model.reasonProperty());

        VBox box = new VBox(10, grid, note, compare, new Label("Reason"), reason);
        if (model.forceRequired()) {
            CheckBox force = new CheckBox("Force: I understand this may steal a live lock from "
                    + (s.host() == null ? "its holder" : s.host() + " pid " + s.pid()));
            force.setId("break-force");
            force.getStyleClass().add("force-box");
            force.selectedProperty().bindBidirectional(model.forceConfirmedProperty());
            box.getChildren().add(force);
        }
        box.setPrefWidth(600);
        pane.setContent(box);
        pane.getButtonTypes().setAll(BREAK, ButtonType.CANCEL);
        pane.lookupButton(BREAK).disableProperty().bind(model.canBreakProperty().not());
        pane.lookupButton(BREAK).setId("break-confirm");
        pane.lookupButton(ButtonType.CANCEL).setId("break-cancel");
    }

    private static void row(GridPane grid, int r, String key, String value, String id) {
        Label k = new Label(key);
        k.getStyleClass().add("key");
        Label v = new Label(value);
        v.getStyleClass().add("value");
        v.setId(id);
        v.setWrapText(true);
        v.setMaxWidth(460);
        grid.addRow(r, k, v);
    }

    /** The content, for rendering without a window (screenshots). */
    public DialogPane pane() {
        return pane;
    }

    /** A dialog around the pane, owned by {@code owner}. */
    public Dialog<ButtonType> dialog(Window owner) {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Break lock");
        d.initOwner(owner);
        d.setDialogPane(pane);
        d.setResizable(true);
        return d;
    }

    public BreakDialogModel model() {
        return model;
    }
}

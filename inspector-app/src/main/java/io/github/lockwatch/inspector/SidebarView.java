package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.WatchMode;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The sidebar: watched directories with counts by state, watch mode and last scan; add and remove. */
public final class SidebarView {

    private static final PseudoClass UNREACHABLE = PseudoClass.getPseudoClass("unreachable");
    private static final PseudoClass DEMO = PseudoClass.getPseudoClass("demo");

    private final VBox root = new VBox();
    final ListView<DirectoryItem> list = new ListView<>();
    final TextField pathField = new TextField();
    final Button add = new Button(null, new FontIcon(Feather.PLUS));
    final Button choose = new Button("Browse…", new FontIcon(Feather.FOLDER_PLUS));
    final Button remove = new Button("Remove", new FontIcon(Feather.MINUS));

    public SidebarView(MainViewModel vm) {
        root.getStyleClass().add("sidebar");
        root.setId("sidebar");
        root.setPrefWidth(250);
        root.setMinWidth(190);
        Label title = new Label("Watched directories");
        title.getStyleClass().add("sidebar-title");
        list.setId("directory-list");
        list.setItems(vm.directories());
        list.setCellFactory(l -> new DirectoryCell());
        VBox.setVgrow(list, Priority.ALWAYS);
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedDirectoryProperty().set(b));
        vm.selectedDirectoryProperty().addListener((o, a, b) -> {
            if (list.getSelectionModel().getSelectedItem() != b) {
                list.getSelectionModel().select(b);
            }
        });
        pathField.setId("add-directory-field");
        pathField.setPromptText("Paste a directory path");
        HBox.setHgrow(pathField, Priority.ALWAYS);
        add.setId("add-directory-button");
        add.setTooltip(new Tooltip("Watch the pasted directory"));
        add.setOnAction(e -> {
            if (vm.addDirectory(pathField.getText())) {
                pathField.clear();
            }
        });
        pathField.setOnAction(add.getOnAction());
        choose.setId("choose-directory-button");
        remove.setId("remove-directory-button");
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> vm.removeDirectory(list.getSelectionModel().getSelectedItem()));
        HBox addRow = new HBox(4, pathField, add);
        HBox buttons = new HBox(4, choose, remove);
        root.getChildren().setAll(title, list, addRow, buttons);
    }

    /** The control. */
    public VBox root() {
        return root;
    }

    private static final class DirectoryCell extends ListCell<DirectoryItem> {
        private final Label title = new Label();
        private final Label summary = new Label();
        private final javafx.scene.layout.FlowPane badges = new javafx.scene.layout.FlowPane(3, 3);
        private final Label meta = new Label();
        private final VBox box = new VBox(2, title, summary, badges, meta);
        private DirectoryItem bound;
        private final javafx.beans.InvalidationListener refresh = o -> fill();

        DirectoryCell() {
            getStyleClass().add("directory-cell");
            title.getStyleClass().add("dir-title");
            summary.getStyleClass().add("dir-summary");
            meta.getStyleClass().add("dir-meta");
            badges.setPrefWrapLength(200);
            badges.setMaxWidth(205);
        }

        @Override
        protected void updateItem(DirectoryItem item, boolean empty) {
            super.updateItem(item, empty);
            if (bound != null) {
                bound.summaryProperty().removeListener(refresh);
                bound.countsProperty().removeListener(refresh);
                bound.problemProperty().removeListener(refresh);
                bound.lastScanProperty().removeListener(refresh);
                bound.modeProperty().removeListener(refresh);
                bound = null;
            }
            if (empty || item == null) {
                setGraphic(null);
                setTooltip(null);
                pseudoClassStateChanged(UNREACHABLE, false);
                pseudoClassStateChanged(DEMO, false);
                return;
            }
            bound = item;
            item.summaryProperty().addListener(refresh);
            item.countsProperty().addListener(refresh);
            item.problemProperty().addListener(refresh);
            item.lastScanProperty().addListener(refresh);
            item.modeProperty().addListener(refresh);
            setTooltip(new Tooltip(item.path().toString()));
            fill();
            setGraphic(box);
        }

        private void fill() {
            DirectoryItem item = bound;
            if (item == null) {
                return;
            }
            title.setText(item.title() + (item.isUnreachable() ? "  (unreachable)" : ""));
            int total = item.countsProperty().get().values().stream().mapToInt(Integer::intValue).sum();
            summary.setText(item.lastScanProperty().get() == null ? "scanning…" : total + (total == 1 ? " lock" : " locks"));
            badges.getChildren().clear();
            for (io.github.lockwatch.inspect.LockStatus s : io.github.lockwatch.inspect.LockStatus.values()) {
                Integer n = item.countsProperty().get().get(s);
                if (n != null && n > 0) {
                    Label b = new Label(StateStyles.label(s) + " " + n); // the table's label, not the JSON name
                    b.getStyleClass().addAll("state-badge", "mini-badge");
                    StateStyles.apply(b, s);
                    badges.getChildren().add(b);
                }
            }
            String mode = item.modeProperty().get() == null ? "starting"
                    : item.modeProperty().get() == WatchMode.EVENTS_AND_POLLING ? "events + polling" : "polling only";
            meta.setText(item.isUnreachable() ? item.problemProperty().get()
                    : mode + " · scanned " + Countdown.time(item.lastScanProperty().get()));
            pseudoClassStateChanged(UNREACHABLE, item.isUnreachable());
            pseudoClassStateChanged(DEMO, item.isDemo());
        }
    }
}

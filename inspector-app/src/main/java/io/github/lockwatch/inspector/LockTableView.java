package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.LockSnapshot;
import io.github.lockwatch.inspect.LockStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.Function;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.beans.value.WeakChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The lock table. Every cell only sets text, an icon code and pseudo-classes from values the row
 * already holds: no I/O, no parsing, no timers, so 10,000 rows scroll smoothly.
 */
public final class LockTableView {

    private static final Comparator<LockSnapshot> EXPIRY_ORDER =
            Comparator.comparing(LockSnapshot::expires, Comparator.nullsLast(Comparator.naturalOrder()));

    private final TableView<LockRow> table = new TableView<>();

    /** A table over the view model's visible rows, sortable by every column. */
    public LockTableView(MainViewModel vm) {
        table.setId("lock-table");
        table.getStyleClass().add("lock-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No locks here (yet). Locks are files matching *.lck or *.lock."));

        TableColumn<LockRow, LockRow> name = new TableColumn<>("Lock");
        name.setId("col-name");
        name.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        name.setComparator(Comparator.comparing(LockRow::name));
        name.setCellFactory(c -> new TextCell<>(LockRow::name));
        name.setPrefWidth(150);
        name.setMinWidth(110);

        TableColumn<LockRow, LockSnapshot> state = new TableColumn<>("State");
        state.setId("col-state");
        state.setCellValueFactory(c -> c.getValue().appearanceProperty());
        state.setComparator(Comparator.comparing(LockSnapshot::status));
        state.setCellFactory(c -> new StateCell());
        state.setPrefWidth(128);
        state.setMinWidth(128);

        TableColumn<LockRow, LockSnapshot> host = snapshotColumn("Host", "col-host",
                s -> s.host() == null || s.host().isEmpty() ? "—" : s.host(),
                Comparator.comparing(s -> s.host() == null ? "" : s.host()));
        host.setPrefWidth(125);
        host.setMinWidth(90);
        TableColumn<LockRow, LockSnapshot> pid = snapshotColumn("PID", "col-pid",
                s -> s.pid() < 0 ? "—" : Long.toString(s.pid()), Comparator.comparingLong(LockSnapshot::pid));
        pid.setPrefWidth(72);
        pid.setMinWidth(72);

        TableColumn<LockRow, LockSnapshot> expiresIn = new TableColumn<>("Expires in");
        expiresIn.setId("col-expires-in");
        expiresIn.setCellValueFactory(c -> c.getValue().appearanceProperty());
        expiresIn.setComparator(EXPIRY_ORDER);
        expiresIn.setCellFactory(c -> new CountdownCell(vm.now()));
        expiresIn.setPrefWidth(150);
        expiresIn.setMinWidth(145);

        TableColumn<LockRow, LockSnapshot> expiresAt = snapshotColumn("Expires at", "col-expires-at",
                s -> Countdown.shortDateTime(s.expires()),
                EXPIRY_ORDER);
        expiresAt.setPrefWidth(95);
        expiresAt.setMinWidth(95);
        TableColumn<LockRow, LockSnapshot> claim = snapshotColumn("Claim", "col-claim",
                s -> s.claim().map(c -> c.random()).orElse("—"),
                Comparator.comparing(s -> s.claim().map(c -> c.random()).orElse("")));
        claim.setPrefWidth(70);
        claim.setMinWidth(50);
        TableColumn<LockRow, LockSnapshot> waiters = snapshotColumn("Waiters", "col-waiters",
                s -> s.waiters().isEmpty() ? "" : Integer.toString(s.waiters().size()),
                Comparator.comparingInt(s -> s.waiters().size()));
        waiters.setPrefWidth(70);
        waiters.setMinWidth(78);

        table.getColumns().setAll(java.util.List.of(name, state, host, pid, expiresIn, expiresAt, claim, waiters));

        SortedList<LockRow> sorted = new SortedList<>(vm.visibleRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSortOrder().add(name);

        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedRowProperty().set(b));
        table.getSelectionModel().getSelectedItems().addListener((javafx.collections.ListChangeListener<LockRow>) c ->
                vm.selectedRows().setAll(table.getSelectionModel().getSelectedItems().stream()
                        .filter(java.util.Objects::nonNull).toList()));
        vm.selectedRowProperty().addListener((o, a, b) -> {
            if (b == null) {
                table.getSelectionModel().clearSelection();
            } else if (table.getSelectionModel().getSelectedItem() != b) {
                table.getSelectionModel().clearSelection();
                table.getSelectionModel().select(b);
            }
        });
    }

    /** The control. */
    public TableView<LockRow> table() {
        return table;
    }

    private static TableColumn<LockRow, LockSnapshot> snapshotColumn(String title, String id,
            Function<LockSnapshot, String> text, Comparator<LockSnapshot> order) {
        TableColumn<LockRow, LockSnapshot> col = new TableColumn<>(title);
        col.setId(id);
        col.setCellValueFactory(c -> c.getValue().appearanceProperty());
        col.setComparator(order);
        col.setCellFactory(c -> new TextCell<>(text));
        return col;
    }

    private static final class TextCell<T> extends TableCell<LockRow, T> {
        private final Function<T, String> text;

        TextCell(Function<T, String> text) {
            this.text = text;
        }

        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : text.apply(item));
        }
    }

    private static final class StateCell extends TableCell<LockRow, LockSnapshot> {
        private final FontIcon icon = new FontIcon();
        private final Label badge = new Label(null, icon);

        StateCell() {
            badge.getStyleClass().add("state-badge");
        }

        @Override
        protected void updateItem(LockSnapshot item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            LockStatus s = item.status();
            badge.setText(StateStyles.label(s));
            icon.setIconCode(StateStyles.icon(s));
            StateStyles.apply(badge, s);
            setGraphic(badge);
        }
    }

    /**
     * "Expires in": the cell follows the one UI clock itself while it exists, so a tick costs one text
     * per cell on screen (a few dozen), not one binding per row (10,000). A tick changes only the text,
     * never the row's height or the column's width, so it does not ask the row to lay out again: a
     * row needing layout makes the {@code VirtualFlow} rebuild and re-style every visible row, which
     * at 10,000 rows cost 20-40 ms a tick.
     */
    private static final class CountdownCell extends TableCell<LockRow, LockSnapshot> {
        private final ObservableValue<Instant> now;
        private final ChangeListener<Instant> onTick = (o, a, b) -> tick(b);
        private boolean ticking;

        CountdownCell(ObservableValue<Instant> now) {
            this.now = now;
            getStyleClass().add("countdown-cell");
            // Weak: cells come and go with the table's skin; the clock lives as long as the app.
            now.addListener(new WeakChangeListener<>(onTick));
        }

        @Override
        protected void updateItem(LockSnapshot item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                StateStyles.apply(this, null);
                return;
            }
            setText(Countdown.expiresIn(item.expires(), now.getValue()));
            StateStyles.apply(this, item.status());
        }

        private void tick(Instant at) {
            LockSnapshot item = getItem();
            if (isEmpty() || item == null || item.expires() == null) {
                return;
            }
            ticking = true;
            try {
                setText(Countdown.expiresIn(item.expires(), at));
            } finally {
                ticking = false;
            }
        }

        @Override
        public void requestLayout() {
            if (ticking) {
                setNeedsLayout(true); // lay out this cell's text only; its parents stay as they are
            } else {
                super.requestLayout();
            }
        }
    }
}

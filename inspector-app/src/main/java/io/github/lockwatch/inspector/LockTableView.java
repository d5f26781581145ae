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
            Comparator.comparing(Countdown::shownExpiry, Comparator.nullsLast(Comparator.naturalOrder()));

    private final TableView<LockRow> table = new TableView<>();

    /** A table over the view model's visible rows, sortable by every column. */
    public LockTableView(MainViewModel vm) {
        table.setId("lock-table");
        table.getStyleClass().add("lock-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No locks here (yet). Locks are files matching *.lck or *.lock."));

        TableColumn<LockRow, LockRow> name = new TableColumn<>("Lock");
        name.setId("col-name");
        name.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        name.setComparator(Comparator.comparing(LockRow::name));
        name.setCellFactory(c -> new TextCell<>(LockRow::name, true));

        TableColumn<LockRow, LockSnapshot> state = new TableColumn<>("State");
        state.setId("col-state");
        state.setCellValueFactory(c -> c.getValue().appearanceProperty());
        state.setComparator(Comparator.comparing(LockSnapshot::status));
        state.setCellFactory(c -> new StateCell());

        TableColumn<LockRow, LockSnapshot> host = snapshotColumn("Host", "col-host",
                s -> s.host() == null || s.host().isEmpty() ? "—" : s.host(),
                Comparator.comparing(s -> s.host() == null ? "" : s.host()));
        host.setCellFactory(c -> new TextCell<>(s -> s.host() == null || s.host().isEmpty() ? "—" : s.host(), true));
        TableColumn<LockRow, LockSnapshot> pid = snapshotColumn("PID", "col-pid",
                s -> s.pid() < 0 ? "—" : Long.toString(s.pid()), Comparator.comparingLong(LockSnapshot::pid));

        TableColumn<LockRow, LockSnapshot> expiresIn = new TableColumn<>("Expires in");
        expiresIn.setId("col-expires-in");
        expiresIn.setCellValueFactory(c -> c.getValue().appearanceProperty());
        expiresIn.setComparator(EXPIRY_ORDER);
        expiresIn.setCellFactory(c -> new CountdownCell(vm.now()));

        TableColumn<LockRow, LockSnapshot> expiresAt = snapshotColumn("Expiry", "col-expires-at",
                s -> Countdown.shortDateTime(Countdown.shownExpiry(s)),
                EXPIRY_ORDER);
        TableColumn<LockRow, LockSnapshot> claim = new TableColumn<>("Claim");
        claim.setId("col-claim");
        claim.setCellValueFactory(c -> c.getValue().appearanceProperty());
        claim.setComparator(Comparator.comparing(s -> s.claim().map(c -> c.random()).orElse("")));
        claim.setCellFactory(c -> new ClaimCell());
        TableColumn<LockRow, LockSnapshot> waiters = snapshotColumn("Waiters", "col-waiters",
                s -> s.waiters().isEmpty() ? "" : Integer.toString(s.waiters().size()),
                Comparator.comparingInt(s -> s.waiters().size()));

        // Fixed widths that fit their content and header at the default font (the badge "Inconsistent",
        // "expired 12 min ago", "Waiters"); name and host share the rest (about 300 px of the ~850 the
        // table gets in the default window) and grow with the window.
        fixed(state, 128);
        fixed(pid, 58);
        fixed(expiresIn, 146);
        fixed(expiresAt, 74);
        fixed(claim, 72);
        fixed(waiters, 74);
        name.setPrefWidth(150);
        name.setMinWidth(100);
        host.setPrefWidth(160);
        host.setMinWidth(90);
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

    private static void fixed(TableColumn<LockRow, ?> col, double width) {
        col.setMinWidth(width);
        col.setPrefWidth(width);
        col.setMaxWidth(width);
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
        private final javafx.scene.control.Tooltip tip;

        TextCell(Function<T, String> text) {
            this(text, false);
        }

        /** With {@code tooltip}, the whole text is in a tooltip too (for columns that may cut it). */
        TextCell(Function<T, String> text, boolean tooltip) {
            this.text = text;
            this.tip = tooltip ? new javafx.scene.control.Tooltip() : null;
        }

        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            String t = empty || item == null ? null : text.apply(item);
            setText(t);
            if (tip != null) {
                tip.setText(t);
                setTooltip(t == null ? null : tip);
            }
        }
    }

    /** The start of the claim's random part; the whole claim (the lock file's content) in a tooltip. */
    private static final class ClaimCell extends TableCell<LockRow, LockSnapshot> {
        private final javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();

        @Override
        protected void updateItem(LockSnapshot item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            setText(LockRow.shortClaim(item));
            if (item.claim().isPresent()) {
                tip.setText(item.rawContent());
                setTooltip(tip);
            } else {
                setTooltip(null);
            }
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
            setText(Countdown.expiresIn(Countdown.shownExpiry(item), now.getValue()));
            StateStyles.apply(this, item.status());
        }

        private void tick(Instant at) {
            LockSnapshot item = getItem();
            if (isEmpty() || item == null || Countdown.shownExpiry(item) == null) {
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

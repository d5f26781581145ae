package io.github.lockwatch.inspector;

import static io.github.lockwatch.inspector.FxTestSupport.await;
import static io.github.lockwatch.inspector.FxTestSupport.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.inspect.AuditLog;
import io.github.lockwatch.inspect.DirectoryScan;
import io.github.lockwatch.inspect.Doctor;
import io.github.lockwatch.inspect.LockAdmin;
import io.github.lockwatch.inspect.LockScanner;
import io.github.lockwatch.inspect.LockSnapshot;
import io.github.lockwatch.inspect.LockStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** 10,000 rows in the real table: clock ticks, scrolling, a rescan that changes every row, and sorting. */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LargeTableIT {

    @TempDir
    Path tmp;

    private final Path dir = Path.of("/srv/big");
    private final MainViewModelTest.FakeFeed feed = new MainViewModelTest.FakeFeed();
    private final UiClock clock = new UiClock(InstantSource.system());
    private MainViewModel vm;
    private InspectorView view;

    @Start
    void start(Stage stage) {
        LockScanner scanner = LockScanner.builder().localHost("test-host").build();
        LockAdmin admin = LockAdmin.builder().auditLog(AuditLog.at(tmp.resolve("audit.jsonl"))).scanner(scanner).build();
        vm = new MainViewModel(new Engine(scanner, feed, admin, Doctor.create()), FxDispatcher.get(), Runnable::run,
                clock.nowProperty(), null);
        Theme.apply(false);
        view = new InspectorView(vm, stage, null);
        Scene scene = new Scene(view.root(), 1360, 820);
        Theme.style(scene);
        stage.setScene(scene);
        stage.show();
        vm.addDirectory(dir, false);
    }

    private void scan(int n, int shift) {
        List<LockSnapshot> locks = new ArrayList<>(n);
        Instant now = Instant.now();
        LockStatus[] states = LockStatus.values();
        for (int i = 0; i < n; i++) {
            locks.add(TestSnapshots.snapshot(dir.resolve(String.format("job-%05d.lck", i)), states[(i + shift) % states.length],
                    "node-" + (i % 50) + ".example.org", 1000 + i, now.plusSeconds(i % 900 - 300)));
        }
        feed.latest.put(dir, new DirectoryScan(dir, now, Duration.ofMillis(40), locks, List.of(), List.of()));
        vm.pull();
    }

    private static long ms(Runnable r) {
        return fx(() -> {
            long t = System.nanoTime();
            r.run();
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
        });
    }

    /** The rows whose cells the table has laid out (the visible ones, plus the flow's spares). */
    private static List<LockRow> laidOut(TableView<LockRow> table) {
        return fx(() -> {
            List<LockRow> rows = new ArrayList<>();
            for (javafx.scene.Node n : table.lookupAll(".table-row-cell")) {
                if (n instanceof javafx.scene.control.TableRow<?> r && !r.isEmpty() && r.getItem() instanceof LockRow row) {
                    rows.add(row);
                }
            }
            return rows;
        });
    }

    /**
     * Ticks, scrolling, a rescan changing every row and a sort over 10,000 rows all do what they should;
     * the time each takes on the FX thread is printed, not asserted (shared machines are noisy; the
     * benchmark in bench/ measures frame times).
     */
    @Test
    void tenThousandRowsTickScrollRescanAndSort() {
        scan(10_000, 0);
        await("10,000 rows", 30, () -> vm.allRows().size() == 10_000);
        @SuppressWarnings("unchecked")
        TableView<LockRow> table = (TableView<LockRow>) view.table().table();
        fx(() -> {
            table.layout();
            return null;
        });
        long worstTick = 0;
        long worstScroll = 0;
        for (int i = 0; i < 10; i++) {
            worstTick = Math.max(worstTick, ms(() -> {
                clock.tick();
                table.layout();
            }));
            int index = (i * 997) % 10_000;
            LockRow target = fx(() -> table.getItems().get(index));
            worstScroll = Math.max(worstScroll, ms(() -> {
                table.scrollTo(index);
                table.layout();
            }));
            List<LockRow> shown = laidOut(table);
            assertTrue(shown.contains(target), "row " + index + " (" + target.name() + ") is laid out after scrollTo");
            assertTrue(shown.size() < 200, shown.size() + " rows laid out: the table must stay virtual");
        }

        long rescan = ms(() -> {
            scan(10_000, 1); // every row changes state
            table.layout();
        });
        LockStatus[] states = LockStatus.values();
        for (int i : new int[] {0, 1, 4_999, 9_999}) {
            String name = String.format("job-%05d.lck", i);
            LockStatus expected = states[(i + 1) % states.length];
            LockRow row = fx(() -> vm.allRows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow());
            assertEquals(expected, row.status(), name + " after the rescan");
        }

        long sort = ms(() -> {
            table.getSortOrder().setAll(table.getColumns().get(4)); // expires in
            table.layout();
        });
        List<Instant> order = fx(() -> table.getItems().stream().map(r -> r.expiresInProperty().get().expires()).toList());
        for (int i = 1; i < order.size(); i++) {
            Instant a = order.get(i - 1);
            Instant b = order.get(i);
            assertTrue(a == null ? b == null : b == null || !a.isAfter(b), "sorted by expiry (unknown last) at row " + i + ": " + a + " then " + b);
        }
        System.out.println("10,000 rows, FX-thread time (informational): tick " + worstTick + " ms, scroll "
                + worstScroll + " ms, rescan " + rescan + " ms, sort " + sort + " ms");
    }
}

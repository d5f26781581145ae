package io.github.lockwatch.inspector;

import static io.github.lockwatch.inspector.FxTestSupport.await;
import static io.github.lockwatch.inspector.FxTestSupport.fx;
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

/** 10,000 rows in the real table: clock ticks, rescans and scrolling stay cheap on the FX thread. */
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

    @Test
    void tenThousandRowsStaySmooth() {
        scan(10_000, 0);
        await("10,000 rows", 30, () -> vm.allRows().size() == 10_000);
        @SuppressWarnings("unchecked")
        TableView<LockRow> table = (TableView<LockRow>) view.table().table();
        fx(() -> {
            table.layout();
            return null;
        });

        // The machine is shared (2 cores, other builds), so the limits are generous: a frame
        // that takes a quarter of a second would already be visible jank, not an I/O stall.
        // warm up (first cells, CSS, JIT), then measure
        for (int i = 0; i < 5; i++) {
            int row = (i * 2113) % 10_000;
            ms(() -> {
                clock.tick();
                table.scrollTo(row);
                table.layout();
            });
        }
        long worstTick = 0;
        long worstScroll = 0;
        for (int i = 0; i < 10; i++) {
            worstTick = Math.max(worstTick, ms(() -> {
                clock.tick();
                table.layout();
            }));
            int row = (i * 997) % 10_000;
            worstScroll = Math.max(worstScroll, ms(() -> {
                table.scrollTo(row);
                table.layout();
            }));
        }
        long rescan = ms(() -> {
            scan(10_000, 1); // every row changes state
            table.layout();
        });
        long sort = ms(() -> {
            table.getSortOrder().setAll(table.getColumns().get(4)); // expires in
            table.layout();
        });
        String timings = "tick " + worstTick + " ms, scroll " + worstScroll + " ms, rescan " + rescan + " ms, sort " + sort + " ms";
        System.out.println("10,000 rows: " + timings);
        assertTrue(worstTick < 250 && worstScroll < 250, timings);
        assertTrue(rescan < 2000 && sort < 2000, timings);
    }
}

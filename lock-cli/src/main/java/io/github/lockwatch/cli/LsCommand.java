package io.github.lockwatch.cli;

import io.github.lockwatch.inspect.DirectoryScan;
import io.github.lockwatch.inspect.DirectoryStatus;
import io.github.lockwatch.inspect.Json;
import io.github.lockwatch.inspect.LockEvent;
import io.github.lockwatch.inspect.LockScanner;
import io.github.lockwatch.inspect.LockWatcher;
import io.github.lockwatch.inspect.Subscription;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lockctl ls DIR...}. */
@Command(name = "ls",
        header = "List the locks in directories (table or JSON; --watch).",
        description = {
            "List the locks in each DIR: state, expiry countdown, holder, waiters; orphan claim files and per-file problems below.",
            "%nReads only: nothing is created, touched, locked or followed. States: held, expiring, expired (within the 10s slop), breakable, holder-dead, corrupt, inconsistent. --json prints {\"directories\": [scan, ...]}; each scan has directory, scanned_at, took_ms, locks [{path, state, explanation, host, pid, claim, expires (ISO-8601 UTC), remaining_ms, waiters [{host, pid, claim, ...}], findings [...], ...}], orphans and problems. --watch keeps watching and re-renders on every change (with --json: one event object per line) until interrupted.",
        })
final class LsCommand extends LockCtlCommand {

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = {"-r", "--recursive"}, description = "Also scan subdirectories (never through symbolic links).")
    boolean recursive;

    @Option(names = "--max-depth", paramLabel = "N", defaultValue = "8",
            description = "With --recursive: how deep, 1 = DIR only (default: ${DEFAULT-VALUE}).")
    int maxDepth;

    @Option(names = {"-w", "--watch"}, description = "Keep watching; re-render on every change until interrupted.")
    boolean watch;

    @Option(names = "--poll", paramLabel = "D", defaultValue = "1s", converter = DurationConverter.class,
            description = "With --watch: how often to rescan, the authority on NFS (default: ${DEFAULT-VALUE}).")
    java.time.Duration poll;

    @Mixin
    ScanOptions scanOptions;

    @Mixin
    ColorOption color;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Directories holding lock files.")
    List<Path> directories;

    @Override
    int execute() throws Exception {
        if (maxDepth < 1) {
            throw usage("--max-depth must be at least 1: " + maxDepth);
        }
        LockScanner scanner = scanOptions.builder().recursive(recursive).maxDepth(maxDepth).build();
        List<DirectoryScan> scans = new ArrayList<>();
        // In DIR order: a scan's JSON, or for a directory that could not be scanned {directory, error}.
        List<String> jsonEntries = new ArrayList<>();
        int failed = 0;
        for (Path dir : directories) {
            try {
                DirectoryScan scan = scanner.scan(dir);
                scans.add(scan);
                jsonEntries.add(Json.toJson(scan));
            } catch (java.io.IOException e) {
                if (watch || directories.size() == 1) {
                    throw e;
                }
                // One unreadable directory (a dead mount) must not hide the others.
                failed++;
                Errors.report(e, name(), err());
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("directory", dir.toAbsolutePath().normalize().toString());
                entry.put("error", Errors.describe(Errors.unwrap(e)));
                jsonEntries.add(Json.write(entry));
            }
        }
        if (!watch) {
            if (json) {
                out().println("{\"directories\":[" + String.join(",", jsonEntries) + "]}");
                out().flush();
            } else {
                print(scans, scanner.clock().instant());
            }
            return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
        }
        return watch(scanner, scans);
    }

    private void print(List<DirectoryScan> scans, Instant now) {
        PrintWriter out = out();
        if (json) {
            StringBuilder sb = new StringBuilder("{\"directories\":[");
            for (int i = 0; i < scans.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(Json.toJson(scans.get(i)));
            }
            out.println(sb.append("]}"));
        } else {
            for (int i = 0; i < scans.size(); i++) {
                if (i > 0) {
                    out.println();
                }
                LockTable.render(scans.get(i), now, color.ansi(), out);
            }
        }
        out.flush();
    }

    private int watch(LockScanner scanner, List<DirectoryScan> first) throws InterruptedException {
        InstantSource clock = scanner.clock();
        boolean terminal = color.ansi().enabled();
        Semaphore changed = new Semaphore(0);
        List<LockEvent> pending = new ArrayList<>();
        try (LockWatcher watcher = LockWatcher.builder(scanner).pollInterval(poll).build();
                Subscription ignored = watcher.subscribe(e -> {
                    synchronized (pending) {
                        pending.add(e);
                    }
                    changed.release();
                })) {
            if (json) {
                for (DirectoryScan s : first) {
                    out().println(Json.toJson(s));
                }
                out().flush();
            } else {
                redraw(first, clock.instant(), terminal, List.of(), List.of());
            }
            for (Path dir : directories) {
                watcher.watch(dir);
            }
            while (!Thread.currentThread().isInterrupted()) {
                // On a terminal the countdowns tick every second; elsewhere only changes print.
                if (terminal) {
                    changed.tryAcquire(1, TimeUnit.SECONDS);
                } else {
                    changed.acquire();
                }
                changed.drainPermits();
                List<LockEvent> events;
                synchronized (pending) {
                    events = List.copyOf(pending);
                    pending.clear();
                }
                events = events.stream()
                        .filter(e -> e.kind() != LockEvent.Kind.APPEARED || !initial(e, first))
                        .toList();
                if (json) {
                    for (LockEvent e : events) {
                        out().println(Json.toJson(e));
                    }
                    out().flush();
                    continue;
                }
                if (events.isEmpty() && !terminal) {
                    continue;
                }
                Map<Path, DirectoryScan> latest = watcher.latest();
                List<DirectoryScan> scans = new ArrayList<>();
                for (int i = 0; i < directories.size(); i++) {
                    DirectoryScan s = latest.get(directories.get(i).toAbsolutePath().normalize());
                    if (s == null) {
                        s = latest.getOrDefault(directories.get(i), first.get(i));
                    }
                    scans.add(s);
                }
                redraw(scans, clock.instant(), terminal, events, watcher.directories());
            }
        } catch (InterruptedException e) {
            // interrupted: the normal way for --watch to end
        }
        return ExitCodes.OK;
    }

    /** The watcher's first scan reports every existing lock as appeared; the first render showed them. */
    private static boolean initial(LockEvent e, List<DirectoryScan> first) {
        return e.lock() != null && first.stream().anyMatch(s -> s.find(e.lock()).isPresent());
    }

    private void redraw(List<DirectoryScan> scans, Instant now, boolean terminal, List<LockEvent> events,
            List<DirectoryStatus> statuses) {
        PrintWriter out = out();
        if (terminal) {
            out.print("\033[H\033[2J");
        } else if (!events.isEmpty()) {
            out.println();
        }
        out.println("lockctl ls --watch  " + now + "  (Ctrl-C to stop)");
        for (LockEvent e : events) {
            out.println("  " + e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ": "
                    + (e.lock() != null ? e.lock() : e.directory()) + (e.detail().isEmpty() ? "" : " - " + e.detail()));
        }
        for (DirectoryStatus st : statuses) {
            st.problem().ifPresent(p -> out.println("  " + st.directory() + ": " + p));
        }
        print(scans, now);
    }
}

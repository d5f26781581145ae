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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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

    private boolean drawn;

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
        if (watch) {
            return watch(scanner);
        }
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
                if (directories.size() == 1) {
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
        if (json) {
            out().println("{\"directories\":[" + String.join(",", jsonEntries) + "]}");
            out().flush();
        } else {
            printTables(scans, scanner.clock().instant());
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** The table of every scan, one after another. */
    private void printTables(List<DirectoryScan> scans, Instant now) {
        PrintWriter out = out();
        for (int i = 0; i < scans.size(); i++) {
            if (i > 0) {
                out.println();
            }
            LockTable.render(scans.get(i), now, color.ansi(), out);
        }
        out.flush();
    }

    /**
     * Watches every DIR on the watcher's per-directory threads: this thread never touches the filesystem,
     * so a missing, unreachable or hung directory is reported (and retried by the watcher) while the
     * others are listed and watched. A directory's first scan is printed when it arrives (JSON: one
     * {@code SCAN} line); events that scan already shows are not printed again.
     */
    private int watch(LockScanner scanner) throws InterruptedException {
        InstantSource clock = scanner.clock();
        boolean terminal = color.ansi().enabled();
        List<Path> dirs = new ArrayList<>(new LinkedHashSet<>(
                directories.stream().map(d -> d.toAbsolutePath().normalize()).toList()));
        Semaphore changed = new Semaphore(0);
        List<LockEvent> pending = new ArrayList<>();
        // When each directory's first scan was printed: lock events noticed until then are in that print.
        Map<Path, Instant> introduced = new HashMap<>();
        try (LockWatcher watcher = LockWatcher.builder(scanner).pollInterval(poll).build();
                Subscription ignored = watcher.subscribe(e -> {
                    synchronized (pending) {
                        pending.add(e);
                    }
                    changed.release();
                })) {
            for (Path dir : dirs) {
                watcher.watch(dir); // returns at once: registration and scans run on the directory's thread
            }
            while (!Thread.currentThread().isInterrupted()) {
                // Until every directory has been scanned once, look for first scans often (an empty
                // directory's first scan has no event); on a terminal the countdowns tick every second.
                if (introduced.size() < dirs.size()) {
                    changed.tryAcquire(100, TimeUnit.MILLISECONDS);
                } else if (terminal) {
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
                Map<Path, DirectoryScan> latest = watcher.latest();
                Instant now = clock.instant();
                List<DirectoryScan> fresh = new ArrayList<>();
                for (Path dir : dirs) {
                    DirectoryScan s = latest.get(dir);
                    if (s != null && !introduced.containsKey(dir)) {
                        introduced.put(dir, now);
                        fresh.add(s);
                    }
                }
                events = events.stream().filter(e -> !shownAlready(e, introduced)).toList();
                if (json) {
                    for (DirectoryScan s : fresh) {
                        out().println(Json.toJson(s));
                    }
                    for (LockEvent e : events) {
                        out().println(Json.toJson(e));
                    }
                    out().flush();
                    continue;
                }
                if (events.isEmpty() && fresh.isEmpty() && !terminal) {
                    continue;
                }
                redraw(dirs, latest, now, terminal, events, watcher.directories());
            }
        } catch (InterruptedException e) {
            // interrupted: the normal way for --watch to end
        }
        return ExitCodes.OK;
    }

    /** A lock event noticed before its directory's first scan was printed is shown by that print. */
    private static boolean shownAlready(LockEvent e, Map<Path, Instant> introduced) {
        Instant printed = introduced.get(e.directory());
        return e.lock() != null && printed != null && !e.at().isAfter(printed);
    }

    private void redraw(List<Path> dirs, Map<Path, DirectoryScan> latest, Instant now, boolean terminal,
            List<LockEvent> events, List<DirectoryStatus> statuses) {
        PrintWriter out = out();
        if (terminal) {
            out.print("\033[H\033[2J");
        } else if (drawn) {
            out.println();
        }
        drawn = true;
        out.println("lockctl ls --watch  " + now + "  (Ctrl-C to stop)");
        for (LockEvent e : events) {
            out.println("  " + e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ": "
                    + (e.lock() != null ? e.lock() : e.directory()) + (e.detail().isEmpty() ? "" : " - " + e.detail()));
        }
        for (DirectoryStatus st : statuses) {
            st.problem().ifPresent(p -> out.println("  problem: " + st.directory() + ": " + p));
        }
        for (int i = 0; i < dirs.size(); i++) {
            if (i > 0) {
                out.println();
            }
            DirectoryScan s = latest.get(dirs.get(i));
            if (s != null) {
                LockTable.render(s, now, color.ansi(), out);
            } else {
                out.println(dirs.get(i) + "  (not scanned yet)");
            }
        }
        out.flush();
    }
}

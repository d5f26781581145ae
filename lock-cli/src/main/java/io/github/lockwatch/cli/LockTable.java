package io.github.lockwatch.cli;

import io.github.lockwatch.inspect.DirectoryScan;
import io.github.lockwatch.inspect.Liveness;
import io.github.lockwatch.inspect.LockSnapshot;
import io.github.lockwatch.inspect.LockStatus;
import io.github.lockwatch.inspect.OrphanClaim;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help.Ansi;

/**
 * The human-readable renderings of scans and snapshots: a table per directory, countdowns, colours. Every
 * text taken from the disk (names, claims, findings quoting content) goes through {@link Text#visible}, so
 * a newline in a name cannot split a row and an escape sequence in one cannot reach the terminal.
 */
final class LockTable {

    private static final String[] HEADINGS = {"STATE", "EXPIRES", "HOLDER", "WAITERS", "LOCK"};

    private LockTable() {
    }

    static void render(DirectoryScan scan, Instant now, Ansi ansi, PrintWriter out) {
        int waiters = scan.locks().stream().mapToInt(l -> l.waiters().size()).sum();
        out.println(Text.visible(scan.directory().toString()) + "  (" + plural(scan.locks().size(), "lock") + ", "
                + plural(waiters, "waiter") + ", " + plural(scan.orphans().size(), "orphan claim")
                + ", scanned in " + DurationConverter.format(scan.took()) + ")");
        if (scan.locks().isEmpty()) {
            out.println("  no locks");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(HEADINGS);
            for (LockSnapshot lock : scan.locks()) {
                rows.add(new String[] {
                    lock.status().jsonName(),
                    countdown(lock.expires(), now),
                    Text.visible(holder(lock)),
                    String.valueOf(lock.waiters().size()),
                    Text.visible(relative(scan.directory(), lock.path())),
                });
            }
            int[] width = new int[HEADINGS.length];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    width[i] = Math.max(width[i], row[i].length());
                }
            }
            for (int r = 0; r < rows.size(); r++) {
                String[] row = rows.get(r);
                StringBuilder line = new StringBuilder("  ");
                for (int i = 0; i < row.length; i++) {
                    String cell = i == row.length - 1 ? row[i] : pad(row[i], width[i]) + "  ";
                    if (i == 0 && r > 0) {
                        cell = colour(scan.locks().get(r - 1).status(), cell, ansi);
                    }
                    line.append(cell);
                }
                out.println(line.toString().stripTrailing());
                if (r > 0) {
                    details(scan.locks().get(r - 1), "      ", out);
                }
            }
        }
        for (OrphanClaim orphan : scan.orphans()) {
            out.println(Text.visible("  " + (orphan.ownerProvenDead() ? "orphan claim " : "stale claim ")
                    + relative(scan.directory(), orphan.claimFile()) + ": " + orphan.reason()
                    + (orphan.ownerProvenDead() ? " (lockctl clean removes it)"
                            : " (only lockctl clean --include-unknown removes it)")));
        }
        for (String problem : scan.problems()) {
            out.println("  problem: " + Text.visible(problem));
        }
    }

    /** Explanation (unless plainly held), waiters and findings, indented under a table row. */
    private static void details(LockSnapshot lock, String indent, PrintWriter out) {
        if (lock.status() != LockStatus.HELD) {
            out.println(indent + Text.visible(lock.explanation()));
        }
        for (var w : lock.waiters()) {
            out.println(indent + "waiter: host " + Text.visible(w.host()) + " pid " + w.pid());
        }
        for (String finding : lock.findings()) {
            if (lock.status() != LockStatus.HELD && lock.explanation().startsWith(finding)) {
                continue; // already said by the explanation
            }
            out.println(indent + "! " + Text.visible(finding));
        }
    }

    /** The {@code status} rendering of one lock. */
    static void renderOne(LockSnapshot lock, Instant now, Ansi ansi, PrintWriter out) {
        row(out, "lock", lock.path().toString());
        out.println(pad("state", 12) + colour(lock.status(), lock.status().jsonName(), ansi));
        row(out, "explanation", lock.explanation());
        row(out, "holder", lock.host() == null
                ? (lock.status() == LockStatus.CORRUPT ? "none (no parseable claim)" : "unknown (no claim could be read)")
                : "host " + lock.host() + " pid " + lock.pid());
        row(out, "liveness", lock.liveness().jsonName() + " (" + lock.livenessEvidence() + ")");
        row(out, "claim", lock.claimText().orElse("none"));
        row(out, "expires", lock.expires() == null ? "unknown"
                : lock.expires() + " (" + countdown(lock.expires(), now) + ")");
        row(out, "links", lock.linkCount() < 0 ? "unknown" : String.valueOf(lock.linkCount()));
        row(out, "file", (lock.fileKey() == null ? "unknown" : lock.fileKey())
                + (lock.owner() == null ? "" : ", owner " + lock.owner()));
        if (lock.waiters().isEmpty()) {
            row(out, "waiters", "none");
        }
        for (var w : lock.waiters()) {
            row(out, "waiter", "host " + w.host() + " pid " + w.pid() + " (" + w.liveness().jsonName() + ") " + w.claim());
        }
        if (lock.findings().isEmpty()) {
            row(out, "findings", "none");
        }
        for (String f : lock.findings()) {
            row(out, "finding", f);
        }
    }

    private static void row(PrintWriter out, String label, String value) {
        out.println(pad(label, 12) + Text.visible(value));
    }

    static String countdown(Instant expires, Instant now) {
        if (expires == null) {
            return "unknown";
        }
        Duration d = Duration.between(now, expires);
        if (d.isNegative() || d.isZero()) {
            return "expired " + DurationConverter.format(d.negated()) + " ago";
        }
        return "in " + DurationConverter.format(d);
    }

    private static String holder(LockSnapshot lock) {
        if (lock.host() == null) {
            return "-";
        }
        String s = lock.host() + " pid " + lock.pid();
        if (lock.liveness().provenDead()) {
            s += lock.liveness() == Liveness.PID_REUSED ? " (pid reused)" : " (dead)";
        } else if (lock.liveness() == Liveness.UNKNOWN_OTHER_HOST) {
            s += " (other host)";
        } else if (lock.liveness() == Liveness.UNKNOWN) {
            s += " (liveness unknown)";
        }
        return s;
    }

    static String colour(LockStatus status, String text, Ansi ansi) {
        String style = switch (status) {
            case HELD -> "fg(green)";
            case EXPIRING, EXPIRED -> "fg(yellow)";
            case BREAKABLE, HOLDER_DEAD -> "fg(red)";
            case CORRUPT, INCONSISTENT -> "bold,fg(magenta)";
        };
        if (!ansi.enabled()) {
            return text;
        }
        int trail = text.length() - text.stripTrailing().length();
        return ansi.string("@|" + style + " " + text.stripTrailing() + "|@") + " ".repeat(trail);
    }

    private static String relative(Path dir, Path p) {
        try {
            Path r = dir.toAbsolutePath().normalize().relativize(p);
            return r.toString().isEmpty() || r.startsWith("..") ? p.toString() : r.toString();
        } catch (IllegalArgumentException e) {
            return p.toString();
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}

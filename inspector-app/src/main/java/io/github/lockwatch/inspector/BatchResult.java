package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.ActionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one action over several locks did, lock by lock.
 *
 * @param action "Break" or "Refresh"
 * @param results one result per lock, in the order asked
 */
public record BatchResult(String action, List<ActionResult> results) {

    public BatchResult {
        Objects.requireNonNull(action, "action");
        results = List.copyOf(results);
    }

    /** How many locks the action was done on. */
    public long done() {
        return results.stream().filter(r -> r.outcome() == ActionResult.Outcome.DONE).count();
    }

    /** Whether every lock was done. */
    public boolean allDone() {
        return done() == results.size();
    }

    /** The results that were refused or failed. */
    public List<ActionResult> notDone() {
        return results.stream().filter(r -> r.outcome() != ActionResult.Outcome.DONE).toList();
    }

    /** One line, e.g. "3 broken, 1 refused: db.lck changed since you looked". */
    public String summary() {
        List<String> parts = new ArrayList<>();
        parts.add(done() + " " + ("Break".equals(action) ? "broken" : "refreshed"));
        List<String> refused = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (ActionResult r : notDone()) {
            String name = String.valueOf(r.seen().path().getFileName());
            switch (r.outcome()) {
                case REFUSED_CHANGED -> refused.add(name + " changed since you looked");
                case REFUSED_NOT_BREAKABLE -> refused.add(name + " may be in use (force not confirmed)");
                case REFUSED_GONE -> refused.add(name + " no longer exists");
                default -> failed.add(name + ": " + r.message());
            }
        }
        if (!refused.isEmpty()) {
            parts.add(refused.size() + " refused: " + String.join("; ", refused));
        }
        if (!failed.isEmpty()) {
            parts.add(failed.size() + " failed: " + String.join("; ", failed));
        }
        return String.join(", ", parts);
    }
}

package io.github.lockwatch.inspector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javafx.collections.ModifiableObservableListBase;

/**
 * The view model's list of all rows: an observable list that can say "these rows changed" in one
 * change. A row whose state or expiry changed must be filtered and sorted again; an extractor would
 * send one change per row, and a {@code SortedList} re-sorts the whole list for each, so a scan that
 * changes 10,000 rows would sort 10,000 times. {@link #updated(Set)} sends one change for the whole
 * batch instead.
 */
final class RowList extends ModifiableObservableListBase<LockRow> {

    /** More runs of changed rows than this are sent as one range (a sorted list sorts once per run). */
    static final int MAX_RUNS = 16;

    private final List<LockRow> rows = new ArrayList<>();

    @Override
    public LockRow get(int index) {
        return rows.get(index);
    }

    @Override
    public int size() {
        return rows.size();
    }

    @Override
    protected void doAdd(int index, LockRow element) {
        rows.add(index, element);
    }

    @Override
    protected LockRow doSet(int index, LockRow element) {
        return rows.set(index, element);
    }

    @Override
    protected LockRow doRemove(int index) {
        return rows.remove(index);
    }

    /** Removes every row of {@code gone} in one change. */
    void removeRows(Set<LockRow> gone) {
        if (gone.isEmpty()) {
            return;
        }
        beginChange();
        try {
            for (int i = rows.size() - 1; i >= 0; i--) {
                if (gone.contains(rows.get(i))) {
                    remove(i);
                }
            }
        } finally {
            endChange();
        }
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        return removeIf(c::contains);
    }

    @Override
    public boolean removeIf(java.util.function.Predicate<? super LockRow> filter) {
        beginChange();
        try {
            boolean removed = false;
            for (int i = rows.size() - 1; i >= 0; i--) {
                if (filter.test(rows.get(i))) {
                    remove(i);
                    removed = true;
                }
            }
            return removed;
        } finally {
            endChange();
        }
    }

    /**
     * Tells the list's observers (the filtered and sorted views) that these rows changed, in one
     * change: filters and sorts run once for the batch, not once per row.
     */
    void updated(Set<LockRow> changed) {
        if (changed.isEmpty()) {
            return;
        }
        int[] at = new int[changed.size()];
        int n = 0;
        for (int i = 0; i < rows.size() && n < at.length; i++) {
            if (changed.contains(rows.get(i))) {
                at[n++] = i;
            }
        }
        if (n == 0) {
            return;
        }
        at = Arrays.copyOf(at, n);
        int runs = 1;
        for (int i = 1; i < n; i++) {
            if (at[i] != at[i - 1] + 1) {
                runs++;
            }
        }
        beginChange();
        try {
            if (runs > MAX_RUNS) {
                for (int i = at[0]; i <= at[n - 1]; i++) {
                    nextUpdate(i);
                }
            } else {
                for (int i : at) {
                    nextUpdate(i);
                }
            }
        } finally {
            endChange();
        }
    }
}

package io.github.lockwatch.inspector;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named daemon threads for everything that touches the filesystem: the FX thread never does file
 * I/O, so a hung NFS directory stalls one of these threads and never the window.
 */
public final class BackgroundThreads {

    private BackgroundThreads() {
    }

    /** A thread factory making daemon threads called {@code name-1}, {@code name-2}, ... */
    public static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * A pool for admin actions (break, refresh, clean, audit reads). Cached, so one action stuck on a
     * dead mount does not hold up the next one on a healthy directory.
     */
    public static ExecutorService actions() {
        return Executors.newCachedThreadPool(named("lockwatch-action"));
    }
}

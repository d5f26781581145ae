package io.github.lockwatch.nfs;

import io.github.lockwatch.lock.testing.Peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Client A's holders take and drop one lock as fast as they can, so client B keeps reading a lock file
 * that A has just unlinked: on NFS that is ESTALE (read on an open handle of a removed file), which the
 * library must treat as "retry", never throw. Each test also proves that the race really happened: client B's
 * bridge counts the ESTALEs it returned (its stats file), and that count must grow during the test.
 */
class EstaleRaceIT {

    @RegisterExtension
    static final NfsLayer nfs = new NfsLayer();

    static final int CHURN_ITERATIONS = 400;

    private static List<Peer> churnOnA(Path dirA, String lock) throws Exception {
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            peers.add(Peer.java("contend", dirA.resolve(lock).toString(), "--iterations", "" + CHURN_ITERATIONS,
                    "--counter", dirA.resolve("counter").toString(), "--marker", dirA.resolve("inside").toString()));
        }
        return peers;
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    static final int WAITERS = 3;
    static final int MAX_ROUNDS = 3;
    static final String WAITER_THREAD = "estale-waiter-";

    /**
     * Waiter threads on B (each its own lock object) contend for the lock while A's holders churn, and a
     * reader thread on B reads the lock's content meanwhile, so client B keeps getting stale handles (A
     * unlinks the file between B's open and read) while the waiters work. The churn is repeated (at most
     * {@value #MAX_ROUNDS} rounds, within a deadline) until client B's bridge has returned ESTALE.
     *
     * <p>Measured: the waiters themselves (almost) never get one. While a lock is held and not expired,
     * {@code lock()} only lstat's it (a path GETATTR, which answers ENOENT, not ESTALE, for a removed file); it
     * opens and reads the lock only to break an expired one. The per-thread count is printed so that this is
     * visible; the assertion is on the mount.
     */
    @Test
    @Timeout(170)
    void javaWaitersOnBNeverThrowWhileHoldersOnAComeAndGo() throws Exception {
        String lock = "churn.lck";
        long staleBefore = nfs.estaleCount('B');
        long waiterStaleBefore = nfs.estaleCount('B', WAITER_THREAD);
        long deadline = System.nanoTime() + Duration.ofSeconds(110).toNanos();
        AtomicLong acquisitions = new AtomicLong();
        ConcurrentLinkedQueue<String> escaped = new ConcurrentLinkedQueue<>();
        long waiterStale = 0;
        int rounds = 0;
        long stale = 0;
        while (stale == 0 && escaped.isEmpty() && rounds < MAX_ROUNDS && System.nanoTime() < deadline) {
            rounds++;
            List<Peer> peers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                peers.add(Peer.java("contend", nfs.a().resolve(lock).toString(), "--iterations", "" + CHURN_ITERATIONS,
                        "--counter", nfs.a().resolve("counter-" + rounds).toString(),
                        "--marker", nfs.a().resolve("inside-" + rounds).toString()));
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> waiters = new ArrayList<>();
            for (int w = 0; w < WAITERS; w++) {
                LockFile waiter = LockFile.builder(nfs.b().resolve(lock)).lifetime(Duration.ofSeconds(15)).build();
                Thread t = new Thread(() -> {
                    while (!stop.get() && escaped.size() < 3) {
                        try (HeldLock held = waiter.lock(Duration.ofSeconds(60))) {
                            acquisitions.incrementAndGet();
                        } catch (Exception e) {
                            escaped.add(Thread.currentThread().getName() + ": " + stackTrace(e));
                        }
                    }
                }, WAITER_THREAD + w);
                t.start();
                waiters.add(t);
            }
            LockFile reader = LockFile.of(nfs.b().resolve(lock));
            Thread readerThread = new Thread(() -> {
                while (!stop.get() && escaped.size() < 3) {
                    try {
                        reader.details();
                    } catch (Exception e) {
                        escaped.add("details(): " + stackTrace(e));
                    }
                }
            }, "estale-reader");
            readerThread.start();
            waiters.add(readerThread);
            try {
                for (Peer p : peers) {
                    Map<String, Object> done = p.await("done", Duration.ofSeconds(120));
                    assertEquals(0L, ((Number) done.get("overlaps")).longValue(), p.label() + " overlapped");
                    assertEquals(0, p.waitFor(Duration.ofSeconds(30)), p.label() + ": " + p.stderr());
                }
            } finally {
                stop.set(true);
                for (Thread t : waiters) {
                    t.join(70_000);
                }
                for (Peer p : peers) {
                    p.close();
                }
            }
            waiterStale = nfs.estaleCount('B', WAITER_THREAD) - waiterStaleBefore;
            stale = nfs.estaleCount('B') - staleBefore;
        }
        System.out.println("ESTALE race: " + WAITERS + " waiters on B acquired " + acquisitions + " times in " + rounds
                + " round(s); client B returned " + stale + " ESTALE, " + waiterStale + " of them to the waiters");
        assertTrue(escaped.isEmpty(), "LockFile.lock() on client B let an exception escape " + escaped.size()
                + " time(s) (after " + acquisitions + " acquisitions) instead of retrying:\n" + String.join("\n", escaped));
        assertTrue(acquisitions.get() > 0, "the waiters on B never got the lock");
        assertTrue(stale > 0, "in " + rounds + " round(s) of churn client B returned no ESTALE: the race was not"
                + " exercised");
    }

    @Test
    @Timeout(150)
    void stateDetailsAndExpirationOnBNeverThrowWhileClientAUnlinks() throws Exception {
        String lock = "read.lck";
        long staleBefore = nfs.estaleCount('B');
        List<Peer> peers = churnOnA(nfs.a(), lock);
        LockFile reader = LockFile.of(nfs.b().resolve(lock));
        ConcurrentLinkedQueue<String> escaped = new ConcurrentLinkedQueue<>();
        long readerStaleBefore = nfs.estaleCount('B', "reader-");
        AtomicLong reads = new AtomicLong();
        AtomicLong held = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> readers = new ArrayList<>();
        for (String op : List.of("state", "details", "expiration")) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        switch (op) {
                            case "state" -> reader.state();
                            case "details" -> {
                                if (reader.details().isPresent()) {
                                    held.incrementAndGet();
                                }
                            }
                            default -> reader.expiration();
                        }
                        reads.incrementAndGet();
                    } catch (Exception e) {
                        escaped.add(op + "(): " + stackTrace(e));
                    }
                }
            }, "reader-" + op);
            t.start();
            readers.add(t);
        }
        try {
            for (Peer p : peers) {
                Map<String, Object> done = p.await("done", Duration.ofSeconds(120));
                assertEquals(0L, ((Number) done.get("overlaps")).longValue(), p.label() + " overlapped");
            }
        } finally {
            stop.set(true);
            for (Thread t : readers) {
                t.join(30_000);
            }
            for (Peer p : peers) {
                p.close();
            }
        }
        long stale = nfs.estaleCount('B') - staleBefore;
        long readerStale = nfs.estaleCount('B', "reader-") - readerStaleBefore;
        System.out.println("ESTALE race: " + reads + " reads on B, " + held + " saw a holder, "
                + escaped.size() + " escaped; client B returned " + stale + " ESTALE, " + readerStale
                + " to the reader threads");
        assertTrue(held.get() > 0, "the readers never saw the lock held: no race was exercised");
        List<String> first = escaped.stream().limit(3).toList();
        assertTrue(escaped.isEmpty(), "LockFile.state()/details()/expiration() on client B threw " + escaped.size()
                + " time(s) in " + reads + " reads while client A unlinked the lock; first ones:\n"
                + String.join("\n", first));
        assertTrue(readerStale > 0, "client B returned no ESTALE to the reader threads during " + reads + " reads ("
                + stale + " in all): no race was exercised");
    }
}

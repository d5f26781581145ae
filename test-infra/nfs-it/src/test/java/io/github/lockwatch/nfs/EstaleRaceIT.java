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
 * library must treat as "retry", never throw.
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

    @Test
    @Timeout(150)
    void aJavaWaiterOnBNeverThrowsWhileHoldersOnAComeAndGo() throws Exception {
        String lock = "churn.lck";
        List<Peer> peers = churnOnA(nfs.a(), lock);
        LockFile waiter = LockFile.builder(nfs.b().resolve(lock)).lifetime(Duration.ofSeconds(15)).build();
        int acquisitions = 0;
        List<String> escaped = new ArrayList<>();
        try {
            while (peers.stream().anyMatch(Peer::isAlive) && acquisitions < 100) {
                try (HeldLock held = waiter.lock(Duration.ofSeconds(60))) {
                    acquisitions++;
                } catch (java.io.IOException e) {
                    escaped.add(stackTrace(e));
                    if (escaped.size() >= 3) {
                        break;
                    }
                }
            }
            for (Peer p : peers) {
                if (escaped.isEmpty()) {
                    Map<String, Object> done = p.await("done", Duration.ofSeconds(120));
                    assertEquals(0L, ((Number) done.get("overlaps")).longValue(), p.label() + " overlapped");
                    assertEquals(0, p.waitFor(Duration.ofSeconds(30)), p.label() + ": " + p.stderr());
                }
            }
        } finally {
            for (Peer p : peers) {
                p.close();
            }
        }
        System.out.println("ESTALE race: the waiter on B acquired " + acquisitions + " times");
        assertTrue(escaped.isEmpty(), "LockFile.lock() on client B let an I/O error escape " + escaped.size()
                + " time(s) (after " + acquisitions + " acquisitions) instead of retrying:\n" + String.join("\n", escaped));
        assertTrue(acquisitions > 0, "the waiter on B never got the lock");
    }

    @Test
    @Timeout(150)
    void stateDetailsAndExpirationOnBNeverThrowWhileClientAUnlinks() throws Exception {
        String lock = "read.lck";
        List<Peer> peers = churnOnA(nfs.a(), lock);
        LockFile reader = LockFile.of(nfs.b().resolve(lock));
        ConcurrentLinkedQueue<String> escaped = new ConcurrentLinkedQueue<>();
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
        System.out.println("ESTALE race: " + reads + " reads on B, " + held + " saw a holder, "
                + escaped.size() + " escaped");
        assertTrue(held.get() > 0, "the readers never saw the lock held: no race was exercised");
        List<String> first = escaped.stream().limit(3).toList();
        assertTrue(escaped.isEmpty(), "LockFile.state()/details()/expiration() on client B threw " + escaped.size()
                + " time(s) in " + reads + " reads while client A unlinked the lock; first ones:\n"
                + String.join("\n", first));
    }
}

package io.github.lockwatch.nfs;

import io.github.lockwatch.lock.testing.Peer;
import io.github.lockwatch.lock.testing.Poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.inspect.DirectoryScan;
import io.github.lockwatch.inspect.Liveness;
import io.github.lockwatch.inspect.LockScanner;
import io.github.lockwatch.inspect.LockSnapshot;
import io.github.lockwatch.inspect.LockStatus;
import io.github.lockwatch.lock.LockFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inspection engine scans the export through client B while client A's holders (Java and a real Python
 * flufl.lock) come and go: each lock's state is right at quiescent points (held, expiring, expired,
 * breakable, holder dead, corrupt, inconsistent), and scans never crash (nor misreport the quiet locks) while
 * a lock beside them churns. The long-lived Java holder keeps its lock alive, so a slow machine cannot turn
 * it EXPIRING; the Python holder's lifetime outlasts the test.
 */
class ScannerIT {

    @RegisterExtension
    static final NfsLayer nfs = new NfsLayer();

    private static LockSnapshot find(DirectoryScan scan, Path lock) {
        return scan.find(lock).orElseThrow(() -> new AssertionError("scan of " + scan.directory() + " did not find "
                + lock + "; locks " + scan.locks().stream().map(LockSnapshot::path).toList() + ", problems "
                + scan.problems()));
    }

    @Test
    @Timeout(120)
    void everyStateIsRightThroughClientBAndScansSurviveChurnOnClientA() throws Exception {
        // Unique host names: "localhost" holders on a shared (FUSE NFS) mount are never proven dead.
        String host = "client-a-local.example";
        LockScanner scanner = LockScanner.builder().localHost(host).build();
        Path a = nfs.a();
        Path b = nfs.b();
        try (Peer live = Peer.javaOnHost(host, "hold", a.resolve("held.lck").toString(), "--lifetime", "20",
                        "--keep-alive");
                Peer flufl = Peer.python("hold", a.resolve("flufl.lck").toString(), "--lifetime", "600");
                Peer expiring = Peer.javaOnHost(host, "hold", a.resolve("expiring.lck").toString(), "--lifetime", "15");
                Peer localCrash = Peer.javaOnHost(host, "hold", a.resolve("dead.lck").toString(), "--lifetime", "1");
                Peer remoteCrash = Peer.javaOnHost("client-a.example", "hold", a.resolve("remote.lck").toString(),
                        "--lifetime", "1")) {
            Map<String, Object> liveAcq = live.await("acquired", Duration.ofSeconds(30));
            Map<String, Object> fluflAcq = flufl.await("acquired", Duration.ofSeconds(30));
            Map<String, Object> expiringAcq = expiring.await("acquired", Duration.ofSeconds(30));
            Instant expiringExpiry = Instant.ofEpochSecond(((Number) expiringAcq.get("expiration")).longValue());
            localCrash.await("acquired", Duration.ofSeconds(30));
            Map<String, Object> remoteAcq = remoteCrash.await("acquired", Duration.ofSeconds(30));
            Instant remoteExpiry = Instant.ofEpochSecond(((Number) remoteAcq.get("expiration")).longValue());
            long deadPid = localCrash.pid();
            localCrash.kill();
            remoteCrash.kill();
            Files.writeString(a.resolve("corrupt.lck"), "this is not a claim\n");
            // A parseable claim whose claim file does not exist (link count 1): inconsistent. Its mtime is an
            // hour ahead, so it is neither expired nor breakable by age.
            Path inconsistent = a.resolve("inconsistent.lck");
            Files.writeString(inconsistent, a.resolve("inconsistent.lck|client-a.example|4242|123456789") + "\n");
            Files.setLastModifiedTime(inconsistent, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(3600)));

            // Quiescent point 1: the remote holder has expired, but not by more than the slop.
            Poll.untilWallClock(remoteExpiry.plusSeconds(2));
            DirectoryScan scan = scanner.scan(b);
            LockSnapshot held = find(scan, b.resolve("held.lck"));
            assertEquals(LockStatus.HELD, held.status(), held.explanation() + " " + held.findings());
            assertEquals(Liveness.ALIVE, held.liveness(), held.livenessEvidence());
            assertEquals(live.pid(), held.pid());
            assertEquals(2, held.linkCount(), "a held lock has 2 links, seen through client B");
            assertEquals(liveAcq.get("claim"), held.claimText().orElseThrow());
            LockSnapshot dead = find(scan, b.resolve("dead.lck"));
            assertEquals(LockStatus.HOLDER_DEAD, dead.status(), dead.explanation() + " " + dead.findings());
            assertEquals(deadPid, dead.pid());
            LockSnapshot remote = find(scan, b.resolve("remote.lck"));
            assertEquals(LockStatus.EXPIRED, remote.status(), "within the slop: " + remote.explanation());
            assertEquals(Liveness.UNKNOWN_OTHER_HOST, remote.liveness());
            LockSnapshot corrupt = find(scan, b.resolve("corrupt.lck"));
            assertEquals(LockStatus.CORRUPT, corrupt.status(), corrupt.explanation());
            LockSnapshot fluflHeld = find(scan, b.resolve("flufl.lck"));
            assertEquals(LockStatus.HELD, fluflHeld.status(), "the Python holder's lock, seen through client B: "
                    + fluflHeld.explanation() + " " + fluflHeld.findings());
            // flufl writes socket.getfqdn(), "localhost" here: another host name than the scanner's, so its
            // liveness is not this host's to judge.
            assertEquals(Liveness.UNKNOWN_OTHER_HOST, fluflHeld.liveness(), fluflHeld.livenessEvidence());
            assertEquals(flufl.pid(), fluflHeld.pid());
            assertEquals(2, fluflHeld.linkCount(), "the flufl lock has 2 links, seen through client B");
            assertEquals(fluflAcq.get("claim"), fluflHeld.claimText().orElseThrow());
            LockSnapshot bad = find(scan, b.resolve("inconsistent.lck"));
            assertEquals(LockStatus.INCONSISTENT, bad.status(), bad.explanation() + " " + bad.findings());
            assertEquals(1, bad.linkCount(), "no claim file: 1 link");

            // Quiescent point: 3 s before its expiry (the window is 5 s), expiring.lck is EXPIRING.
            Poll.untilWallClock(expiringExpiry.minusSeconds(3));
            scan = scanner.scan(b);
            Instant scannedBy = Instant.now();
            LockSnapshot soon = find(scan, b.resolve("expiring.lck"));
            assertTrue(scannedBy.isBefore(expiringExpiry.minusSeconds(1)),
                    "the scan took until " + scannedBy + ", too close to the expiry " + expiringExpiry + " to judge");
            assertEquals(LockStatus.EXPIRING, soon.status(), "expires " + expiringExpiry + ": " + soon.explanation()
                    + " " + soon.findings());
            assertEquals(Liveness.ALIVE, soon.liveness(), soon.livenessEvidence());
            expiring.send("release");
            expiring.await("released", Duration.ofSeconds(30));

            // Quiescent point 2: past expiry + slop, the remote holder's lock is breakable.
            Poll.untilWallClock(remoteExpiry.plus(LockFile.CLOCK_SLOP).plusSeconds(1));
            scan = scanner.scan(b);
            remote = find(scan, b.resolve("remote.lck"));
            assertEquals(LockStatus.BREAKABLE, remote.status(), remote.explanation() + " " + remote.findings());
            assertEquals("client-a.example", remote.host());

            // Churn: two holders on A take and drop churn.lck while B scans the directory in a loop.
            List<Peer> churn = new ArrayList<>();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            Map<LockStatus, AtomicInteger> churnStates = new EnumMap<>(LockStatus.class);
            for (LockStatus s : LockStatus.values()) {
                churnStates.put(s, new AtomicInteger());
            }
            AtomicInteger scans = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            Set<LockStatus> plausible = Set.of(LockStatus.HELD, LockStatus.EXPIRING, LockStatus.INCONSISTENT);
            Thread scanning = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        DirectoryScan s = scanner.scan(b);
                        scans.incrementAndGet();
                        if (find(s, b.resolve("held.lck")).status() != LockStatus.HELD
                                || find(s, b.resolve("flufl.lck")).status() != LockStatus.HELD
                                || find(s, b.resolve("inconsistent.lck")).status() != LockStatus.INCONSISTENT
                                || find(s, b.resolve("corrupt.lck")).status() != LockStatus.CORRUPT
                                || find(s, b.resolve("remote.lck")).status() != LockStatus.BREAKABLE) {
                            failures.add("a quiet lock was misreported during churn: " + s.locks());
                        }
                        s.find(b.resolve("churn.lck")).ifPresent(l -> {
                            churnStates.get(l.status()).incrementAndGet();
                            if (!plausible.contains(l.status())) {
                                failures.add("churn.lck reported " + l.status() + ": " + l.explanation() + " "
                                        + l.findings());
                            }
                        });
                    } catch (Throwable e) {
                        StringWriter w = new StringWriter();
                        e.printStackTrace(new PrintWriter(w));
                        failures.add(w.toString());
                    }
                }
            }, "scanner");
            try {
                for (int i = 0; i < 2; i++) {
                    churn.add(Peer.java("contend", a.resolve("churn.lck").toString(), "--iterations", "300",
                            "--counter", a.resolve("counter").toString(), "--marker", a.resolve("inside").toString(),
                            "--hold-ms", "5"));
                }
                scanning.start();
                for (Peer p : churn) {
                    Map<String, Object> done = p.await("done", Duration.ofSeconds(90));
                    assertEquals(0L, ((Number) done.get("overlaps")).longValue());
                }
            } finally {
                stop.set(true);
                scanning.join(30_000);
                for (Peer p : churn) {
                    p.close();
                }
            }
            System.out.println("scanner churn: " + scans + " scans of client B; churn.lck states " + churnStates);
            assertTrue(scans.get() >= 5, "only " + scans + " scans during the churn");
            assertTrue(failures.isEmpty(), failures.size() + " bad scans, first: " + failures.peek());
            scan = scanner.scan(b);
            assertTrue(scan.find(b.resolve("churn.lck")).isEmpty(), "churn.lck released at the end: " + scan.locks());
            assertEquals(LockStatus.HELD, find(scan, b.resolve("held.lck")).status());
            assertEquals(LockStatus.HELD, find(scan, b.resolve("flufl.lck")).status());
            live.send("release");
            live.await("released", Duration.ofSeconds(30));
            flufl.send("release");
            flufl.await("released", Duration.ofSeconds(30));
        }
    }
}

package io.github.lockwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.ProcessIdentity;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A breaker acting on old snapshots while a contender re-acquires the same lock continuously: every
 * acquisition has its own claim, so a break that removed a newer lock than the snapshot's would show
 * up as a lost acquisition whose claim is not the claim of any DONE break.
 */
class BreakRaceTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aBreakOnAnOldSnapshotNeverBreaksANewerLock() throws Exception {
        Path lock = dir.resolve("race.lck");
        ProcessIdentity me = ProcessIdentity.current();
        LockScanner scanner = LockScanner.builder().localHost(me.host()).build();
        LockAdmin admin = LockAdmin.builder().actor(me).scanner(scanner)
                .auditLog(AuditLog.at(dir.resolveSibling(dir.getFileName() + "-audit.jsonl"))).build();
        Set<String> lost = ConcurrentHashMap.newKeySet();
        AtomicLong acquisitions = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch firstAcquired = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        Thread contender = new Thread(() -> {
            try {
                while (!stop.get()) {
                    LockFile lf = LockFile.builder(lock).identity(me).lifetime(Duration.ofSeconds(30)).build();
                    HeldLock held;
                    try {
                        held = lf.lock(Duration.ofSeconds(20));
                    } catch (NoSuchFileException e) {
                        // lock-lib: our claim was removed by a break between link and touch; that break
                        // was aimed at this very acquisition.
                        lost.add(lf.claim().text());
                        continue;
                    }
                    acquisitions.incrementAndGet();
                    firstAcquired.countDown();
                    String claim = held.claim().text();
                    if (!lf.unlockIfHeld()) {
                        lost.add(claim);
                    }
                }
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "contender");
        contender.start();
        assertTrue(firstAcquired.await(20, TimeUnit.SECONDS));
        Map<ActionResult.Outcome, Integer> counts = new EnumMap<>(ActionResult.Outcome.class);
        Set<String> brokenClaims = ConcurrentHashMap.newKeySet();
        int trials = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (trials < 1000) {
            if (!contender.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("contender stopped after " + acquisitions.get() + " acquisitions, "
                        + trials + " trials, outcomes " + counts, failure[0]);
            }
            LockSnapshot seen;
            try {
                seen = scanner.inspect(lock);
            } catch (NoSuchFileException e) {
                continue; // between the contender's release and its next acquisition
            }
            if (seen.claim().isEmpty()) {
                continue;
            }
            trials++;
            ActionResult r = admin.breakLock(seen, true, "race trial " + trials);
            counts.merge(r.outcome(), 1, Integer::sum);
            if (r.outcome() == ActionResult.Outcome.FAILED) {
                System.out.println("FAILED: " + r.message());
            }
            if (r.outcome() == ActionResult.Outcome.DONE) {
                brokenClaims.add(seen.claimText().orElseThrow());
            }
        }
        stop.set(true);
        contender.join(30_000);
        if (failure[0] != null) {
            throw new AssertionError("contender failed", failure[0]);
        }
        System.out.printf("break race: %d trials, %d acquisitions, outcomes %s, lost %d%n", trials,
                acquisitions.get(), counts, lost.size());
        assertTrue(counts.getOrDefault(ActionResult.Outcome.FAILED, 0) == 0, counts.toString());
        // Every acquisition the contender lost was one a DONE break was aimed at: no newer lock was broken.
        // (A DONE break may also hit an acquisition the contender was releasing at that instant: its
        // release then finds nothing to remove and does not count as lost, so lost may be smaller.)
        Set<String> strays = new java.util.HashSet<>(lost);
        strays.removeAll(brokenClaims);
        assertTrue(strays.isEmpty(), strays.size() + " acquisitions lost that no break was aimed at");
        assertTrue(brokenClaims.size() - lost.size() <= counts.getOrDefault(ActionResult.Outcome.DONE, 0));
        assertTrue(counts.getOrDefault(ActionResult.Outcome.DONE, 0) > 0, "some breaks happened: " + counts);
    }
}

package io.github.lockwatch.nfs;

import io.github.lockwatch.lock.testing.Peer;
import io.github.lockwatch.lock.testing.Facilities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.inspect.Check;
import io.github.lockwatch.inspect.Doctor;
import io.github.lockwatch.inspect.DoctorReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code Doctor.check} (what {@code lockctl doctor} prints) on real mounts: the NFS client mount is safe
 * (hard links work), a FUSE FAT mount is unsafe and says it is the hard links, so is a mount that hides
 * link counts (as sshfs does), a bindfs mount is flagged for its attribute cache. {@code lockctl doctor} itself is run once, as a process, on the NFS mount.
 */
class DoctorIT {

    @RegisterExtension
    static final NfsLayer nfs = new NfsLayer();

    private static DoctorReport check(Path dir) throws Exception {
        DoctorReport r = Doctor.create().check(dir);
        System.out.println("doctor " + dir + ": " + r.verdict());
        for (Check c : r.checks()) {
            System.out.println("  " + c.result() + " " + c.name() + ": " + c.detail());
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<String> left = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".lockwatch-doctor"))
                    .toList();
            assertTrue(left.isEmpty(), "doctor left probe files in " + dir + ": " + left);
        }
        return r;
    }

    private static Optional<Check> named(DoctorReport r, String name) {
        return r.checks().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    @Test
    @Timeout(60)
    void theNfsMountIsSafeWithWorkingHardLinks() throws Exception {
        DoctorReport r = check(nfs.b());
        assertTrue(r.safe(), "NFS through client B: " + r.verdict() + " " + r.checks());
        Check links = named(r, "hard-links").orElseThrow(() -> new AssertionError("no hard-links check: " + r.checks()));
        assertEquals(Check.Result.PASS, links.result(), links.detail());
        assertTrue(r.checks().stream().noneMatch(c -> c.result() == Check.Result.FAIL), r.checks().toString());
    }

    @Test
    @Timeout(60)
    void lockctlDoctorSaysSafeOnTheNfsMountAndExitsZero() throws Exception {
        try (Peer doctor = Peer.lockctl("lockctl-doctor", "doctor", "--json", nfs.a().toString())) {
            int code = doctor.waitFor(Duration.ofSeconds(50));
            assertEquals(0, code, "lockctl doctor on client A: stdout:\n" + doctor.stdout() + "stderr:\n" + doctor.stderr());
            String json = doctor.stdout().strip();
            assertTrue(json.startsWith("{") && json.contains("\"safe\":true"), json);
        }
    }

    @Test
    @Timeout(60)
    void aFuseFatMountIsUnsafeBecauseItHasNoHardLinks() throws Exception {
        failsOnHardLinks(Facilities.mount("fat", "fuse.fusefat"), (r, links) -> {
            String why = (r.verdict() + " " + links.detail()).toLowerCase(Locale.ROOT);
            assertTrue(why.contains("link"), "the verdict says it is the hard links: " + r.verdict() + " / " + links.detail());
        });
    }

    @Test
    @Timeout(60)
    void aMountThatHidesLinkCountsIsUnsafeLikeSshfs() throws Exception {
        failsOnHardLinks(Facilities.mount("nolinks", "fuse.nolinks"),
                (r, links) -> assertTrue(links.detail().contains("link count reads 1"), links.detail()));
    }

    /** The doctor calls a directory on {@code mount} unsafe because of its hard links; then {@code more}. */
    private static void failsOnHardLinks(Path mount, java.util.function.BiConsumer<DoctorReport, Check> more)
            throws Exception {
        Path dir = Files.createTempDirectory(mount, "doctor");
        try {
            DoctorReport r = check(dir);
            assertFalse(r.safe(), mount + ": " + r.verdict());
            Check links = named(r, "hard-links").orElseThrow(() -> new AssertionError("no hard-links check: " + r.checks()));
            assertEquals(Check.Result.FAIL, links.result(), links.detail());
            more.accept(r, links);
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    @Test
    @Timeout(60)
    void aBindfsMountIsFlaggedForItsStaleAttributeCache() throws Exception {
        Path bindfs = Facilities.mount("bindfs", "fuse");
        Path dir = Files.createTempDirectory(bindfs, "doctor");
        try {
            DoctorReport r = check(dir);
            Check links = named(r, "hard-links").orElseThrow(() -> new AssertionError("no hard-links check: " + r.checks()));
            assertTrue(links.result() != Check.Result.PASS || r.checks().stream().anyMatch(c -> c.result() != Check.Result.PASS
                    && (c.detail() + c.name()).toLowerCase(Locale.ROOT).matches(".*(cache|nlink|link count|stale).*")),
                    "bindfs shows nlink 1 on the claim name for ~1 s after link; the doctor should say so: " + r.checks());
        } finally {
            Files.deleteIfExists(dir);
        }
    }
}

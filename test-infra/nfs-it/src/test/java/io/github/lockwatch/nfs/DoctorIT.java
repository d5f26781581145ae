package io.github.lockwatch.nfs;

import io.github.lockwatch.lock.testing.Peer;
import io.github.lockwatch.lock.testing.Facilities;
import io.github.lockwatch.lock.testing.MiniJson;

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
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code Doctor.check} (what {@code lockctl doctor} prints) on real mounts: the NFS client mount is safe
 * (hard links work), a FUSE FAT mount is unsafe and says it is the hard links, so is a mount that hides
 * link counts (as sshfs does), a bindfs mount is flagged for its attribute cache. {@code lockctl doctor} itself
 * (the CLI's main in a child process, as a user runs it) is checked on the NFS mount, the FAT mount and the bindfs
 * mount: exit status, text and {@code --json}.
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
            Check cache = named(r, "attribute-cache")
                    .orElseThrow(() -> new AssertionError("no attribute-cache check: " + r.checks()));
            assertEquals(Check.Result.WARN, cache.result(),
                    "bindfs shows nlink 1 on the claim name for ~1 s after link; the doctor must warn: " + cache.detail());
            assertTrue(cache.detail().startsWith("stale attribute cache"), cache.detail());
            Check links = named(r, "hard-links").orElseThrow(() -> new AssertionError("no hard-links check: " + r.checks()));
            assertEquals(Check.Result.PASS, links.result(), "the lock's own name shows 2 links: " + links.detail());
            assertTrue(r.safe(), "a stale attribute cache is a warning, not unsafe: " + r.verdict());
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    /** {@code lockctl doctor ARGS} as a child process: its exit status and output. */
    private record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "; stdout:\n" + out + "stderr:\n" + err;
        }
    }

    private static Run lockctlDoctor(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("doctor"));
        all.addAll(List.of(args));
        try (Peer p = Peer.lockctl("lockctl-doctor", all.toArray(String[]::new))) {
            int code = p.waitFor(Duration.ofSeconds(50));
            Run r = new Run(code, p.stdout(), p.stderr());
            System.out.println("lockctl " + String.join(" ", all) + ": " + r);
            return r;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonCheck(String json, String name) {
        Map<String, Object> report = MiniJson.parseObject(json.strip());
        return ((List<Map<String, Object>>) report.get("checks")).stream().filter(c -> name.equals(c.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " check in " + json));
    }

    @Test
    @Timeout(120)
    void lockctlDoctorOnAFuseFatMountExits1AndSaysHardLinksFail() throws Exception {
        Path dir = Files.createTempDirectory(Facilities.mount("fat", "fuse.fusefat"), "doctor");
        try {
            Run text = lockctlDoctor(dir.toString());
            assertEquals(1, text.code(), "unsafe exits 1: " + text);
            List<String> lines = text.out().lines().toList();
            String verdict = lines.get(lines.size() - 1);
            assertTrue(verdict.startsWith("unsafe: ") && verdict.contains("hard-links (link(2) failed: "),
                    "the verdict names the hard links: " + text);
            assertTrue(verdict.contains("the protocol acquires by hard-linking"), "and says why they matter: " + text);
            assertTrue(lines.stream().anyMatch(l -> l.matches("\\s*fail\\s+hard-links\\s+link\\(2\\) failed: .*")),
                    "a 'fail hard-links' line: " + text);

            Run json = lockctlDoctor("--json", dir.toString());
            assertEquals(1, json.code(), "unsafe exits 1 with --json too: " + json);
            Map<String, Object> report = MiniJson.parseObject(json.out().strip());
            assertEquals(Boolean.FALSE, report.get("safe"), json.out());
            Map<String, Object> links = jsonCheck(json.out(), "hard-links");
            assertEquals("fail", links.get("result"), json.out());
            assertTrue(((String) links.get("detail")).startsWith("link(2) failed: "), json.out());
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    @Test
    @Timeout(120)
    void lockctlDoctorOnABindfsMountWarnsAboutTheAttributeCacheAndExits0() throws Exception {
        Path dir = Files.createTempDirectory(Facilities.mount("bindfs", "fuse"), "doctor");
        try {
            Run text = lockctlDoctor(dir.toString());
            assertEquals(0, text.code(), "a warning alone is not unsafe: " + text);
            assertTrue(text.out().lines().anyMatch(l -> l.matches("\\s*warn\\s+attribute-cache\\s+stale attribute cache: .*")),
                    "a 'warn attribute-cache' line: " + text);

            Run json = lockctlDoctor("--json", dir.toString());
            assertEquals(0, json.code(), json.toString());
            Map<String, Object> cache = jsonCheck(json.out(), "attribute-cache");
            assertEquals("warn", cache.get("result"), json.out());
            assertTrue(((String) cache.get("detail")).startsWith("stale attribute cache"), json.out());
            assertEquals("pass", jsonCheck(json.out(), "hard-links").get("result"), json.out());
        } finally {
            Files.deleteIfExists(dir);
        }
    }
}

package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.testing.Facilities;
import io.github.lockwatch.lock.testing.MiniJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pid reuse by real processes: a Python flufl.lock holder is killed and a new process gets its pid (forced
 * through {@code ns_last_pid} inside a PID namespace of the test's own, where no other process competes
 * for pids); {@code lockctl status} run in that namespace must call the holder dead because the process
 * now running with that pid started after the lock last changed.
 */
class PidReuseProcessIT {

    /** Inside the namespace (pid 1): hold, kill, take the pid, then exec lockctl status --json LOCK. */
    private static final String SCRIPT = """
            set -eu
            lock="$1"; python="$2"; peer="$3"; shift 3
            d="$(mktemp -d)"
            mkfifo "$d/in" "$d/out"
            exec 3<>"$d/in"   # the holder's stdin: never EOF, so it holds until killed
            "$python" "$peer" hold "$lock" --lifetime 60 <&3 >"$d/out" &
            holder=$!
            read -r acquired <"$d/out"
            echo "$acquired"
            echo "holder $holder"
            # Pid reuse is only claimed for a process that started more than 2 s (the start-time
            # tolerance) after the lock's ctime: a required gap, not a wait for something to happen.
            sleep 3
            kill -9 "$holder"
            wait "$holder" || true
            echo $((holder - 1)) > /proc/sys/kernel/ns_last_pid
            sleep 300 &
            echo "replacement $!"
            rm -rf "$d"
            exec "$@"
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aKilledPythonHoldersPidTakenByANewProcessIsHolderDeadWithPidReuseEvidence() throws Exception {
        Path python = Facilities.python();
        Facilities.require("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare"))
                && Facilities.run(30, "unshare", "-p", "-f", "--mount-proc", "true").code() == 0,
                "root and unshare(1) for a PID namespace");
        Path lock = dir.resolve("reused.lck");
        List<String> cmd = new ArrayList<>(List.of("unshare", "-p", "-f", "--mount-proc", "--kill-child",
                "bash", "-c", SCRIPT, "pid-reuse", lock.toString(), python.toString(),
                Facilities.fluflPeer().toString()));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                LockCtl.class.getName(), "status", "--json", lock.toString()));
        try (Child ns = Child.start(cmd)) {
            Map<String, Object> acquired = MiniJson.parseObject(ns.nextLine(60));
            assertEquals("acquired", acquired.get("event"), acquired.toString());
            long holder = Long.parseLong(ns.nextLine(30).substring("holder ".length()));
            long replacement = Long.parseLong(ns.nextLine(30).substring("replacement ".length()));
            assertEquals(holder, replacement, "the new process got the dead holder's pid");
            Map<String, Object> status = MiniJson.parseObject(ns.nextLine(60));
            assertEquals(0, ns.waitFor(60), ns.err());
            assertEquals(holder, ((Number) status.get("pid")).longValue());
            assertEquals(acquired.get("claim"), status.get("claim"));
            assertEquals("pid-reused", status.get("liveness"), status.toString());
            assertEquals("holder-dead", status.get("state"), status.toString());
            String evidence = (String) status.get("liveness_evidence");
            assertTrue(evidence.contains("pid " + holder + " is running but started at") && evidence.contains("reused"),
                    evidence);
        }
    }
}

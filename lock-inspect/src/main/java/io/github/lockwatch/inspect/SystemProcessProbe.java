package io.github.lockwatch.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** The real process table: ProcessHandle, with /proc as a fallback for the start time. */
final class SystemProcessProbe implements ProcessProbe {

    static final SystemProcessProbe INSTANCE = new SystemProcessProbe();
    /** USER_HZ: the unit of /proc/<pid>/stat start times; 100 on every Linux architecture in use. */
    private static final long CLOCK_TICKS = 100;

    private SystemProcessProbe() {
    }

    @Override
    public boolean isAlive(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return !isZombie(pid);
        }
        return false;
    }

    @Override
    public Optional<Instant> startTime(long pid) {
        Optional<Instant> fromHandle = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
        return fromHandle.isPresent() ? fromHandle : fromProc(pid);
    }

    private static boolean isZombie(long pid) {
        String[] f = statFields(pid);
        return f != null && f.length > 0 && "Z".equals(f[0]);
    }

    /** Fields of /proc/pid/stat after the command (so index 0 is field 3, the state). */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
            int close = stat.lastIndexOf(')');
            return close < 0 ? null : stat.substring(close + 1).strip().split(" +");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Optional<Instant> fromProc(long pid) {
        String[] f = statFields(pid);
        if (f == null || f.length < 20) {
            return Optional.empty();
        }
        try {
            long ticks = Long.parseLong(f[19]); // field 22
            long btime = -1;
            for (String line : Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("btime ")) {
                    btime = Long.parseLong(line.substring(6).strip());
                }
            }
            if (btime < 0) {
                return Optional.empty();
            }
            return Optional.of(Instant.ofEpochSecond(btime).plusMillis(ticks * 1000 / CLOCK_TICKS));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

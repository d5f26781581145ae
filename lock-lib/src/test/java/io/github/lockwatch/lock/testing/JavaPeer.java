package io.github.lockwatch.lock.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import io.github.lockwatch.lock.Claim;
import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.LockTimeoutException;

/**
 * {@code contend} also counts (as {@code "estale"} in its done line) and retries an ESTALE that
 * escapes {@code lock()}: the NFS tests assert there is none.
 * A lock-lib peer process that integration tests drive, with the same commands and JSON lines as
 * {@code src/test/python/flufl_peer.py}, so Java and Python peers are interchangeable:
 * <pre>
 * hold LOCK [--lifetime S] [--timeout S] [--no-release] [--keep-alive]
 * inspect LOCK
 * try LOCK --timeout S [--lifetime S]
 * contend LOCK --iterations N --counter FILE --marker FILE [--lifetime S] [--hold-ms MS] [--pause-ms MS]
 * </pre>
 */
public final class JavaPeer {

    private JavaPeer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
                opt.put(args[i].substring(2), flag ? "true" : args[++i]);
            }
        }
        Path lockPath = Path.of(args[1]);
        LockFile.Builder b = LockFile.builder(lockPath)
                .lifetime(Duration.ofMillis((long) (Double.parseDouble(opt.getOrDefault("lifetime", "15")) * 1000)));
        if (opt.containsKey("keep-alive")) {
            b.keepAlive(true).onLockLost((h, r) -> emit("{\"event\":\"lost\",\"reason\":" + q(r) + "}"));
        }
        LockFile lock = b.build();
        switch (args[0]) {
            case "hold" -> hold(lock, opt);
            case "inspect" -> inspect(lock);
            case "try" -> tryLock(lock, opt);
            case "contend" -> contend(lock, opt);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void hold(LockFile lock, Map<String, String> opt) throws Exception {
        HeldLock held;
        try {
            held = opt.containsKey("timeout") ? lock.lock(seconds(opt.get("timeout"))) : lock.lock();
        } catch (LockTimeoutException e) {
            emit("{\"event\":\"timeout\",\"message\":" + q(e.getMessage()) + "}");
            System.exit(75);
            return;
        }
        emitAcquired(lock, held);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.strip().equals("release")) {
            if (line.strip().equals("refresh")) {
                held.refresh();
                emit("{\"event\":\"refreshed\",\"expiration\":"
                        + lock.expiration().map(i -> String.valueOf(i.getEpochSecond())).orElse("null") + "}");
            }
        }
        if (opt.containsKey("no-release")) {
            emit("{\"event\":\"abandoned\"}");
            Runtime.getRuntime().halt(0);
        }
        held.close();
        emit("{\"event\":\"released\"}");
    }

    private static void inspect(LockFile lock) throws IOException {
        Optional<Claim> details = lock.details();
        emit("{\"state\":" + q(lock.state().name().toLowerCase(java.util.Locale.ROOT))
                + ",\"details\":" + details.map(c -> "[" + q(c.host()) + "," + c.pid() + "," + q(c.lockFile()) + "]")
                        .orElse("null")
                + ",\"expiration\":" + lock.expiration().map(i -> String.valueOf(i.getEpochSecond())).orElse("null")
                + "}");
    }

    private static void tryLock(LockFile lock, Map<String, String> opt) throws Exception {
        long start = System.nanoTime();
        try (HeldLock held = lock.lock(seconds(opt.get("timeout")))) {
            emitAcquired(lock, held);
        } catch (LockTimeoutException e) {
            emit("{\"event\":\"timeout\",\"waited\":" + (System.nanoTime() - start) / 1e9
                    + ",\"message\":" + q(e.getMessage()) + "}");
            System.exit(75);
        }
        emit("{\"event\":\"released\"}");
    }

    private static void contend(LockFile lock, Map<String, String> opt) throws Exception {
        int iterations = Integer.parseInt(opt.get("iterations"));
        Path counter = Path.of(opt.get("counter"));
        Path marker = Path.of(opt.get("marker"));
        long holdMs = Long.parseLong(opt.getOrDefault("hold-ms", "0"));
        long pauseMs = Long.parseLong(opt.getOrDefault("pause-ms", "0"));
        int overlaps = 0;
        int estale = 0;
        for (int i = 0; i < iterations; i++) {
            HeldLock acquired;
            try {
                acquired = lock.lock();
            } catch (IOException e) {
                // Must not happen (lock-lib retries ESTALE); count it so a test can say so, and go on.
                if (!String.valueOf(e.getMessage()).contains("Stale file handle")) {
                    throw e;
                }
                estale++;
                System.err.println("ESTALE escaped LockFile.lock(): " + e);
                i--;
                continue;
            }
            try (HeldLock ignored = acquired) {
                boolean created = false;
                try {
                    Files.createFile(marker);
                    created = true;
                } catch (FileAlreadyExistsException e) {
                    overlaps++;
                }
                int value;
                try {
                    value = Integer.parseInt(Files.readString(counter).strip());
                } catch (NoSuchFileException e) {
                    value = 0;
                }
                if (holdMs > 0) {
                    Thread.sleep(holdMs);
                }
                Path tmp = counter.resolveSibling(counter.getFileName() + ".tmp." + ProcessHandle.current().pid());
                Files.writeString(tmp, Integer.toString(value + 1));
                Files.move(tmp, counter, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                if (created) {
                    Files.deleteIfExists(marker);
                }
            }
            if (pauseMs > 0) {
                Thread.sleep(pauseMs);
            }
        }
        emit("{\"event\":\"done\",\"iterations\":" + iterations + ",\"overlaps\":" + overlaps
                + ",\"estale\":" + estale + "}");
        System.exit(overlaps == 0 ? 0 : 1);
    }

    private static void emitAcquired(LockFile lock, HeldLock held) throws IOException {
        emit("{\"event\":\"acquired\",\"claim\":" + q(held.claim().text()) + ",\"host\":" + q(held.claim().host())
                + ",\"pid\":" + held.claim().pid() + ",\"expiration\":"
                + lock.expiration().map(i -> String.valueOf(i.getEpochSecond())).orElse("null") + "}");
    }

    private static Duration seconds(String s) {
        return Duration.ofMillis((long) (Double.parseDouble(s) * 1000));
    }

    private static synchronized void emit(String json) {
        System.out.println(json);
        System.out.flush();
    }

    public static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

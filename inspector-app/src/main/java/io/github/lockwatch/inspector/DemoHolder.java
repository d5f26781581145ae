package io.github.lockwatch.inspector;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A tiny lock holder run as a child JVM by the demo workspace (and by tests): acquires the lock
 * named by its first argument with the lifetime in seconds of its second, prints
 * {@code CLAIM <claim text>} on stdout, then waits until killed or until stdin closes.
 * Killing it with {@code destroyForcibly()} leaves a lock whose holder is dead.
 */
public final class DemoHolder {

    private DemoHolder() {
    }

    /**
     * Entry point of the child process.
     *
     * @param args the lock file, then the lifetime in seconds
     * @throws Exception if the lock cannot be acquired
     */
    public static void main(String[] args) throws Exception {
        Path lock = Path.of(args[0]);
        Duration lifetime = Duration.ofSeconds(Long.parseLong(args.length > 1 ? args[1] : "300"));
        LockFile file = LockFile.builder(lock).lifetime(lifetime).build();
        HeldLock held = file.lock(Duration.ofSeconds(30));
        System.out.println("CLAIM " + held.claim().text());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold until stdin closes or we are killed
        }
        held.close();
    }
}

package io.github.lockwatch.inspect;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import java.nio.file.Path;
import java.time.Duration;

/** A child-JVM lock holder: {@code HolderMain LOCK LIFETIME_SECONDS}; prints the claim, holds until stdin closes. */
public final class HolderMain {
    private HolderMain() {
    }

    public static void main(String[] args) throws Exception {
        LockFile lf = LockFile.builder(Path.of(args[0])).lifetime(Duration.ofSeconds(Long.parseLong(args[1]))).build();
        HeldLock held = lf.lock(Duration.ofSeconds(30));
        System.out.println("acquired " + held.claim().text());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold
        }
        held.close();
        System.out.println("released");
    }
}

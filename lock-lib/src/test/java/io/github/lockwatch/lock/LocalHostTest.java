package io.github.lockwatch.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.github.lockwatch.lock.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LocalHostTest {

    @Test
    void anUnresolvableNameFallsBackToTheBareNameAsPythonDoes() {
        assertEquals("no-such-host.invalid", LocalHost.compute("no-such-host.invalid", InetAddress::getByName));
    }

    @Test
    void aResolverThatFailsNeverMakesTheComputationThrow() {
        assertEquals("vm", LocalHost.compute("vm", name -> {
            throw new UnknownHostException(name);
        }));
        assertEquals("vm", LocalHost.compute("vm", name -> {
            throw new SecurityException("no lookups here");
        }));
    }

    @Test
    @Timeout(30)
    void theNameIsResolvedOnceHoweverManyThreadsAskAtOnce() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        CountDownLatch slowLookup = new CountDownLatch(1);
        LocalHost.Once once = new LocalHost.Once(() -> LocalHost.compute("vm", name -> {
            lookups.incrementAndGet();
            try {
                slowLookup.await(10, TimeUnit.SECONDS); // a slow DNS server: every other thread asks meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(name);
        }));
        int threads = 4;
        List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "asker");
            workers.add(t);
            return t;
        });
        try {
            List<Future<String>> names = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                names.add(pool.submit(once::get));
            }
            // Every thread is inside get(): one in the slow lookup, the others blocked behind it (a
            // broken Once would have them all in lookups of their own).
            Poll.until(java.time.Duration.ofSeconds(10), () -> workers.size() == threads && workers.stream()
                    .allMatch(t -> t.getState() == Thread.State.BLOCKED || t.getState() == Thread.State.TIMED_WAITING),
                    "all threads ask at once");
            slowLookup.countDown();
            for (Future<String> name : names) {
                assertEquals("vm", name.get(20, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("vm", once.get());
        assertEquals(1, lookups.get(), "one lookup for the whole JVM");
    }

    @Test
    void theHostNameOfThisMachineIsNeverBlank() {
        assertFalse(LocalHost.fqdn().isBlank());
    }

    @Test
    void theSystemPropertyOverridesTheHostName() {
        String old = System.getProperty(ProcessIdentity.HOSTNAME_PROPERTY);
        try {
            System.setProperty(ProcessIdentity.HOSTNAME_PROPERTY, "override.example");
            assertEquals("override.example", ProcessIdentity.current().host());
            assertEquals("override.example", LockFile.of(java.nio.file.Path.of("/tmp/x.lck")).claim().host());
        } finally {
            if (old == null) {
                System.clearProperty(ProcessIdentity.HOSTNAME_PROPERTY);
            } else {
                System.setProperty(ProcessIdentity.HOSTNAME_PROPERTY, old);
            }
        }
    }
}

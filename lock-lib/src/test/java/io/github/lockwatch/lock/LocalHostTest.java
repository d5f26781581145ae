package io.github.lockwatch.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class LocalHostTest {

    @Test
    void anUnresolvableNameFallsBackToTheBareNameAsPythonDoes() {
        assertEquals("no-such-host.invalid", LocalHost.compute("no-such-host.invalid"));
    }

    @Test
    void theHostNameIsComputedOnceAndNeverBlank() {
        assertFalse(LocalHost.fqdn().isBlank());
        assertEquals(LocalHost.fqdn(), LocalHost.fqdn());
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

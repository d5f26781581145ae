package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.LockFile;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A lost lock is one line on stderr: lockctl's own; the library's duplicate warning is dropped. */
class LostLockLineTest {

    @Test
    void theLibrarysLostLockWarningIsFilteredAndOtherWarningsAreNot() {
        LockCtl.oneLineForALostLock();
        Logger log = Logger.getLogger(LockFile.class.getName());
        assertFalse(log.getFilter().isLoggable(new LogRecord(Level.WARNING, "lost lock {0}: {1}")));
        assertTrue(log.getFilter().isLoggable(new LogRecord(Level.WARNING, "lock-lost listener failed")));
        assertTrue(log.getFilter().isLoggable(new LogRecord(Level.WARNING, "link count of {0} is {1}, not 2")));
    }
}

package io.github.lockwatch.inspect;

import org.junit.jupiter.api.Assumptions;

/** Skips a test whose facility is missing, but fails it on CI (system property lockwatch.ci=true). */
final class Facility {
    private Facility() {
    }

    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getProperty("lockwatch.ci", ""));
    }

    static void require(boolean present, String reason) {
        if (!present && onCi()) {
            throw new AssertionError("facility missing on CI: " + reason);
        }
        Assumptions.assumeTrue(present, reason);
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}

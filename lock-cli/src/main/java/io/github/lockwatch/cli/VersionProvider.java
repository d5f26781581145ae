package io.github.lockwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code lockctl --version}: the version Maven wrote into {@code lockctl-version.properties}. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"lockctl " + version()};
    }

    static String version() {
        try (InputStream in = LockCtl.class.getResourceAsStream("/lockctl-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v.strip();
                }
            }
        } catch (IOException ignored) {
            // fall back to the manifest
        }
        String v = LockCtl.class.getPackage().getImplementationVersion();
        return v != null ? v : "unknown";
    }
}

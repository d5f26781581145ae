package io.github.lockwatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** lockctl as a real child JVM ({@code java -cp <test classpath> io.github.lockwatch.cli.LockCtl}). */
final class Child implements AutoCloseable {

    private static final String EOF = "\u0000EOF";

    final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final Thread outReader;
    private final Thread errReader;

    private Child(Process process) {
        this.process = process;
        this.outReader = pump(process.getInputStream(), out, stdout, "stdout");
        this.errReader = pump(process.getErrorStream(), err, null, "stderr");
    }

    static Child lockctl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(LockCtl.class.getName());
        cmd.addAll(List.of(args));
        return start(cmd);
    }

    static Child start(List<String> command) throws IOException {
        return new Child(new ProcessBuilder(command).start());
    }

    private static Thread pump(InputStream in, StringBuffer all, BlockingQueue<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    all.append(line).append('\n');
                    if (lines != null) {
                        lines.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            } finally {
                if (lines != null) {
                    lines.add(EOF);
                }
            }
        }, "child-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The next line of stdout, waiting at most {@code seconds}. */
    String nextLine(long seconds) throws InterruptedException {
        String line = stdout.poll(seconds, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("no line on stdout within " + seconds + " s; stderr:\n" + err);
        }
        if (line.equals(EOF)) {
            throw new AssertionError("stdout ended; exit " + waitFor(10) + "; stderr:\n" + err);
        }
        return line;
    }

    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** Waits for the exit and for all output. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("lockctl did not exit within " + seconds + " s; stderr:\n" + err);
        }
        outReader.join(TimeUnit.SECONDS.toMillis(seconds));
        errReader.join(TimeUnit.SECONDS.toMillis(seconds));
        return process.exitValue();
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}

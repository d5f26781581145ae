package io.github.lockwatch.lock.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process: a {@link JavaPeer}, the real Python flufl.lock peer (optionally on a simulated
 * host), or any Java main on the test class path; read its JSON lines, write commands to its stdin, kill
 * it like a crash. Which NFS client a peer uses is decided by the paths it is given.
 */
public final class Peer implements AutoCloseable {

    private final Process process;
    private final String label;
    private final BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final Writer stdin;
    private volatile boolean pumpDone;

    private Peer(List<String> command, String label) throws IOException {
        this.label = label;
        this.process = new ProcessBuilder(command).start();
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(this::pump, label + "-stdout");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stderr.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // process gone
            }
        }, label + "-stderr");
        err.setDaemon(true);
        err.start();
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                stdout.append(line).append('\n');
                if (line.startsWith("{")) {
                    try {
                        events.add(MiniJson.parseObject(line));
                    } catch (RuntimeException e) {
                        stderr.append("[test] unparseable JSON line: ").append(line).append('\n');
                    }
                }
            }
        } catch (IOException ignored) {
            // process gone
        }
        pumpDone = true;
    }

    /** {@code java [jvmOptions] -cp <test class path> mainClass args}. */
    public static List<String> javaMain(List<String> jvmOptions, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx64m"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** {@code java -cp <test class path> JavaPeer args}. */
    public static List<String> javaCommand(String... args) {
        return javaMain(List.of(), JavaPeer.class.getName(), args);
    }

    /** {@code /usr/bin/python3 flufl_peer.py args}. */
    public static List<String> pythonCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Facilities.python().toString(), Facilities.fluflPeer().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The command run as pid 1 of a new PID namespace on a simulated host. */
    public static Peer onHost(String host, List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Facilities.simhost().toString());
        cmd.add(host);
        cmd.addAll(command);
        return new Peer(cmd, host + "-" + command.get(command.size() - 1));
    }

    public static Peer java(String... args) throws IOException {
        return new Peer(javaMain(List.of(), JavaPeer.class.getName(), args), "java-" + args[0]);
    }

    /** A JavaPeer whose claims name {@code host} instead of this host (a holder on another machine). */
    public static Peer javaOnHost(String host, String... args) throws IOException {
        return new Peer(javaMain(List.of("-Dlockwatch.hostname=" + host), JavaPeer.class.getName(), args),
                "java@" + host + "-" + args[0]);
    }

    /** A JavaPeer whose system clock is off by {@code offset} (libfaketime, e.g. "+30m"); file times stay real. */
    public static Peer javaWithClockOffset(String offset, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Facilities.faketime().toString(), "-f", offset));
        cmd.addAll(javaCommand(args));
        return new Peer(cmd, "java" + offset + "-" + args[0]);
    }

    public static Peer python(String... args) throws IOException {
        return new Peer(pythonCommand(args), "python-" + args[0]);
    }

    public static Peer lockctl(String label, String... args) throws IOException {
        return new Peer(javaMain(List.of(), "io.github.lockwatch.cli.LockCtl", args), label);
    }

    /** Waits for the next message with this event (or any message if {@code event} is null). */
    public Map<String, Object> await(String event, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Map<String, Object> m = events.poll(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200))),
                    TimeUnit.NANOSECONDS);
            if (m == null && left > 0 && (process.isAlive() || !pumpDone)) {
                continue;
            }
            if (m == null) {
                fail(label + ": no " + (event == null ? "message" : "\"" + event + "\" event") + " within "
                        + timeout + "; alive=" + process.isAlive() + "; stdout:\n" + stdout + "stderr:\n" + stderr);
            }
            if (event == null || event.equals(m.get("event"))) {
                return m;
            }
        }
    }

    public void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail(label + " did not exit within " + timeout + "; stdout:\n" + stdout + "stderr:\n" + stderr);
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process and its descendants at once, as a crash would. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public long pid() {
        return process.pid();
    }

    public String stdout() {
        return stdout.toString();
    }

    public String stderr() {
        return stderr.toString();
    }

    public String label() {
        return label;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}

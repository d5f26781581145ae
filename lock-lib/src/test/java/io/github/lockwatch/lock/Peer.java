package io.github.lockwatch.lock;

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
 * A lock peer in a child process, Java ({@link JavaPeer}) or Python (flufl.lock), optionally on a
 * simulated host; read its JSON lines, write commands to its stdin, kill it like a crash.
 */
final class Peer implements AutoCloseable {

    private final Process process;
    private final String label;
    private final BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final Writer stdin;

    private Peer(List<String> command, String label) throws IOException {
        this.label = label;
        this.process = new ProcessBuilder(command).start();
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(() -> pump(), label + "-stdout");
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
                if (line.startsWith("{")) {
                    events.add(MiniJson.parseObject(line));
                }
            }
        } catch (IOException ignored) {
            // process gone
        }
    }

    static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), JavaPeer.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static List<String> pythonCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Facilities.python().toString(),
                Facilities.projectRoot().resolve("lock-lib/src/test/python/flufl_peer.py").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Peer java(String... args) throws IOException {
        return new Peer(javaCommand(args), "java-" + args[0]);
    }

    static Peer python(String... args) throws IOException {
        return new Peer(pythonCommand(args), "python-" + args[0]);
    }

    /** The command run as pid 1 of a new PID namespace on a simulated host. */
    static Peer onHost(String host, List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Facilities.simhost().toString());
        cmd.add(host);
        cmd.addAll(command);
        return new Peer(cmd, host + "-" + command.get(command.size() - 1));
    }

    /** Waits for the next message with this event (or any message if {@code event} is null). */
    Map<String, Object> await(String event, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Object> m = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                fail(label + ": no " + (event == null ? "message" : "\"" + event + "\" event") + " within "
                        + timeout + "; alive=" + process.isAlive() + "; stderr:\n" + stderr);
            }
            if (event == null || event.equals(m.get("event"))) {
                return m;
            }
        }
    }

    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail(label + " did not exit within " + timeout + "; stderr:\n" + stderr);
        }
        return process.exitValue();
    }

    /** Kills the process and its descendants at once, as a crash would. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    long pid() {
        return process.pid();
    }

    String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}

package io.github.lockwatch.lock;

import io.github.lockwatch.lock.testing.Facilities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library example compiles against this build and runs. */
class ReadmeExampleTest {

    @TempDir
    Path temp;

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void theReadmeExampleCompilesAndRuns() throws Exception {
        String readme = Files.readString(Facilities.projectRoot().resolve("README.md"));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README.md has a java example");
        Path source = temp.resolve("Example.java");
        Files.writeString(source, m.group(1));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-cp", System.getProperty("java.class.path"),
                "-d", temp.toString(), source.toString());
        assertEquals(0, rc, errors.toString(StandardCharsets.UTF_8));

        Path lock = temp.resolve("example.lck");
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {temp.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass("Example").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {lock.toString()});
        } finally {
            System.setOut(original);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(lock + "|"), out.toString(StandardCharsets.UTF_8));
        assertTrue(Files.notExists(lock), "released at the end of the try block");
    }
}

package io.github.lockwatch.inspector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line: {@code lock-inspector [--demo] [--smoke-test [PNG]] [DIR...]}.
 *
 * @param directories directories to watch
 * @param demo open the demo workspace even if directories are given or saved
 * @param smokeTest render the main window on a demo workspace to {@code smokeTestPng} and exit
 * @param smokeTestPng where the smoke test writes its PNG (null: a default in the temp directory)
 * @param help print usage and exit
 */
public record Options(List<Path> directories, boolean demo, boolean smokeTest, Path smokeTestPng, boolean help) {

    /** The usage text. */
    public static final String USAGE = """
            Usage: lock-inspector [--demo] [DIR...]
                   lock-inspector --smoke-test [PNG]

            Watches the lock directories DIR... (remembered for the next start). With no DIR and none
            remembered, opens a demo workspace: a temporary directory of real locks in every state.

              --demo             open the demo workspace besides any directories
              --smoke-test [PNG] open the main window on a demo workspace, render it to PNG
                                 (default: lockwatch-smoke-test.png in the temp directory), print
                                 the path and exit 0; headless when there is no display
              --help             this text
            """;

    /** Parses the arguments. */
    public static Options parse(List<String> args) {
        List<Path> dirs = new ArrayList<>();
        boolean demo = false;
        boolean smoke = false;
        boolean help = false;
        Path png = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--demo" -> demo = true;
                case "--help", "-h" -> help = true;
                case "--smoke-test" -> {
                    smoke = true;
                    if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                        png = Path.of(args.get(++i));
                    }
                }
                default -> {
                    if (a.startsWith("--smoke-test=")) {
                        smoke = true;
                        png = Path.of(a.substring("--smoke-test=".length()));
                    } else if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    } else {
                        dirs.add(Path.of(a));
                    }
                }
            }
        }
        if (smoke && png == null) {
            png = Path.of(System.getProperty("java.io.tmpdir"), "lockwatch-smoke-test.png");
        }
        return new Options(List.copyOf(dirs), demo, smoke, png, help);
    }
}

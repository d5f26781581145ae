package io.github.lockwatch.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options plus positionals, for the benchmark mains. Exits 2 on misuse. */
final class Args {
    final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();

    Args(String[] argv, String usage) {
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--")) {
                if (i + 1 >= argv.length) {
                    die(usage, "missing value for " + a);
                }
                options.put(a.substring(2), argv[++i]);
            } else {
                positional.add(a);
            }
        }
    }

    String get(String name, String dflt) {
        return options.getOrDefault(name, dflt);
    }

    double num(String name, Double dflt, String usage) {
        String v = options.get(name);
        if (v == null) {
            if (dflt == null) {
                die(usage, "--" + name + " is required");
            }
            return dflt;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            die(usage, "--" + name + " needs a number, got '" + v + "'");
            return 0;
        }
    }

    static void die(String usage, String msg) {
        System.err.println(msg);
        System.err.println("usage: " + usage);
        System.exit(2);
    }
}

package io.github.lockwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --color=auto|always|never}: picocli's {@link CommandLine.Help.Ansi#AUTO} unless told otherwise. */
final class ColorOption {

    enum When { auto, always, never }

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the state: auto (when stdout is a terminal), always, never (default: ${DEFAULT-VALUE}).")
    When when = When.auto;

    CommandLine.Help.Ansi ansi() {
        return switch (when) {
            case always -> CommandLine.Help.Ansi.ON;
            case never -> CommandLine.Help.Ansi.OFF;
            default -> CommandLine.Help.Ansi.AUTO;
        };
    }
}

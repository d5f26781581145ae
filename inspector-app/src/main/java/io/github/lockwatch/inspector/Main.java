package io.github.lockwatch.inspector;

import java.util.List;
import javafx.application.Application;

/**
 * The launcher. A plain class (not an {@code Application}) so the app starts from the class path
 * without "JavaFX runtime components are missing".
 */
public final class Main {

    private Main() {
    }

    /**
     * Starts the inspector.
     *
     * @param args see {@link Options#USAGE}
     */
    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("lock-inspector: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(Options.USAGE);
            return;
        }
        if (options.smokeTest()) {
            headlessIfNoDisplay();
        }
        Application.launch(InspectorApp.class, args);
    }

    /** The smoke test must run in CI without a display: use Monocle's headless glass if it is there. */
    private static void headlessIfNoDisplay() {
        String display = System.getenv("DISPLAY");
        String wayland = System.getenv("WAYLAND_DISPLAY");
        boolean noDisplay = (display == null || display.isBlank()) && (wayland == null || wayland.isBlank());
        boolean monocle = Main.class.getClassLoader().getResource("com/sun/glass/ui/monocle/MonoclePlatformFactory.class") != null;
        if ((noDisplay || Boolean.getBoolean("lockwatch.headless")) && monocle) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            System.setProperty("prism.text", "t2k");
            System.setProperty("java.awt.headless", "true");
            System.setProperty("headless.geometry", "1920x1200-32"); // larger than the window
        }
    }
}

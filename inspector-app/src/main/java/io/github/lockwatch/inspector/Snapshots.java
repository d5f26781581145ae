package io.github.lockwatch.inspector;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Renders scenes and nodes to PNG (works headless with Monocle). */
public final class Snapshots {

    private Snapshots() {
    }

    /** Snapshots a scene; call on the FX thread. */
    public static WritableImage of(Scene scene) {
        return scene.snapshot(null);
    }

    /** Snapshots a node; call on the FX thread. */
    public static WritableImage of(Node node) {
        return node.snapshot(new SnapshotParameters(), null);
    }

    /** Writes an image as PNG; file I/O, so call off the FX thread. */
    public static Path write(WritableImage image, Path png) throws IOException {
        BufferedImage img = SwingFXUtils.fromFXImage(image, null);
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(img, "png", png.toFile())) {
            throw new IOException("no PNG writer");
        }
        return png;
    }
}

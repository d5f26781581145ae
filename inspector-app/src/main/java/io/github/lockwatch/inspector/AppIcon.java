package io.github.lockwatch.inspector;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;
import javafx.scene.shape.ArcType;
import javafx.scene.shape.StrokeLineCap;

/**
 * The app's icon: a padlock whose body is a watch face. The PNGs under resources were rendered by
 * {@link #draw(double)} (see {@code ScreenshotsTest}); if they are missing it is drawn at runtime.
 */
public final class AppIcon {

    static final int[] SIZES = {16, 32, 48, 64, 128, 256};

    private AppIcon() {
    }

    /** The icon in several sizes, for {@code Stage.getIcons()}. Call on the FX thread. */
    public static List<Image> images() {
        List<Image> out = new ArrayList<>();
        for (int s : SIZES) {
            InputStream in = AppIcon.class.getResourceAsStream("icon-" + s + ".png");
            if (in != null) {
                out.add(new Image(in));
            }
        }
        if (out.isEmpty()) {
            out.add(draw(64));
            out.add(draw(256));
        }
        return out;
    }

    /** Draws the icon at {@code size} pixels. Call on the FX thread. */
    public static WritableImage draw(double size) {
        Canvas c = new Canvas(size, size);
        GraphicsContext g = c.getGraphicsContext2D();
        double u = size / 64.0;
        g.setFill(new LinearGradient(0, 0, 0, 1, true, CycleMethod.NO_CYCLE,
                new Stop(0, Color.web("#2f81f7")), new Stop(1, Color.web("#1a4fa3"))));
        g.fillRoundRect(2 * u, 2 * u, 60 * u, 60 * u, 16 * u, 16 * u);
        // shackle
        g.setStroke(Color.WHITE);
        g.setLineWidth(5.5 * u);
        g.setLineCap(StrokeLineCap.ROUND);
        g.strokeArc(20 * u, 9 * u, 24 * u, 26 * u, 0, 180, ArcType.OPEN);
        g.strokeLine(20 * u, 22 * u, 20 * u, 30 * u);
        g.strokeLine(44 * u, 22 * u, 44 * u, 30 * u);
        // body
        g.setFill(Color.WHITE);
        g.fillRoundRect(12 * u, 27 * u, 40 * u, 30 * u, 9 * u, 9 * u);
        // watch face
        g.setFill(Color.web("#1a4fa3"));
        g.fillOval(22 * u, 32 * u, 20 * u, 20 * u);
        g.setFill(Color.WHITE);
        g.fillOval(24.5 * u, 34.5 * u, 15 * u, 15 * u);
        g.setStroke(Color.web("#cf222e"));
        g.setLineWidth(2.4 * u);
        g.strokeLine(32 * u, 42 * u, 32 * u, 36.5 * u);
        g.setStroke(Color.web("#1a4fa3"));
        g.strokeLine(32 * u, 42 * u, 36 * u, 44.5 * u);
        SnapshotParameters p = new SnapshotParameters();
        p.setFill(Color.TRANSPARENT);
        return c.snapshot(p, null);
    }
}

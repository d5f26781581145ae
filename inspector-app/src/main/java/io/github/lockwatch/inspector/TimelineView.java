package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.LockEvent;
import io.github.lockwatch.inspect.LockStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The per-directory timeline, drawn on a {@link Canvas}: one lane per lock, a bar per (holder, state)
 * coloured like the state badges and labelled with the holder, a red cross where a lock was broken,
 * a grey tick where it was released. Redrawn on the UI clock's tick and on model changes only.
 */
public final class TimelineView extends Pane {

    private static final double LABEL_W = 170;
    private static final double AXIS_H = 28;
    private static final double LANE_H = 30;
    private static final Map<LockStatus, Color> COLORS = new EnumMap<>(LockStatus.class);

    static {
        COLORS.put(LockStatus.HELD, Color.web("#1f883d"));
        COLORS.put(LockStatus.EXPIRING, Color.web("#bf8700"));
        COLORS.put(LockStatus.EXPIRED, Color.web("#d4661a"));
        COLORS.put(LockStatus.BREAKABLE, Color.web("#cf222e"));
        COLORS.put(LockStatus.HOLDER_DEAD, Color.web("#8a1c24"));
        COLORS.put(LockStatus.CORRUPT, Color.web("#8250df"));
        COLORS.put(LockStatus.INCONSISTENT, Color.web("#6e7781"));
    }

    private final Canvas canvas = new Canvas();
    private final ObjectProperty<TimelineModel> model = new SimpleObjectProperty<>(this, "model");
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");
    private final javafx.beans.value.ObservableValue<Instant> now;
    private final ChangeListener<Number> onVersion = (o, a, b) -> redraw();

    public TimelineView(javafx.beans.value.ObservableValue<Instant> now) {
        this.now = now;
        setId("timeline-view");
        getStyleClass().add("timeline-view");
        getChildren().add(canvas);
        setMinSize(200, 120);
        setPrefSize(900, 400);
        now.addListener((o, a, b) -> {
            if (isVisible() && getScene() != null) {
                redraw();
            }
        });
        model.addListener((o, a, b) -> {
            if (a != null) {
                a.versionProperty().removeListener(onVersion);
            }
            if (b != null) {
                b.versionProperty().addListener(onVersion);
            }
            redraw();
        });
        dark.addListener((o, a, b) -> redraw());
    }

    public ObjectProperty<TimelineModel> modelProperty() {
        return model;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            redraw();
        }
    }

    /** Draws the current model at the current time. */
    public void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        Color bg = dark.get() ? Color.web("#0d1117") : Color.WHITE;
        Color fg = dark.get() ? Color.web("#c9d1d9") : Color.web("#1f2328");
        Color muted = dark.get() ? Color.web("#484f58") : Color.web("#d0d7de");
        Color laneBg = dark.get() ? Color.web("#161b22") : Color.web("#f6f8fa");
        g.setFill(bg);
        g.fillRect(0, 0, w, h);
        TimelineModel m = model.get();
        g.setFont(Font.font(12));
        g.setTextBaseline(VPos.CENTER);
        if (m == null) {
            g.setFill(fg);
            g.fillText("Select a watched directory to see its timeline.", 12, 20);
            return;
        }
        Instant end = now.getValue();
        Instant start = m.origin();
        if (Duration.between(start, end).toSeconds() < 20) {
            end = start.plusSeconds(20);
        }
        double spanMs = Math.max(1, Duration.between(start, end).toMillis());
        double x0 = LABEL_W;
        double plotW = Math.max(10, w - x0 - 12);

        // time axis
        g.setFill(fg);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("since " + Countdown.time(start) + " (watching began)", 8, AXIS_H / 2);
        long stepS = niceStep(spanMs / 1000.0 / Math.max(1, plotW / 90));
        long firstTick = (start.getEpochSecond() / stepS + 1) * stepS;
        g.setTextAlign(TextAlignment.CENTER);
        for (long t = firstTick; t <= end.getEpochSecond(); t += stepS) {
            double x = x0 + (t * 1000.0 - start.toEpochMilli()) / spanMs * plotW;
            if (x < x0 + 32) {
                continue; // would collide with the "since" caption
            }
            g.setStroke(muted);
            g.strokeLine(x, AXIS_H - 4, x, h);
            if (x < w - 32) {
                g.setFill(fg);
                g.fillText(Countdown.time(Instant.ofEpochSecond(t)), x, AXIS_H / 2);
            }
        }

        List<TimelineModel.Lane> lanes = m.lanes();
        if (lanes.isEmpty()) {
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("No lock events yet.", 12, AXIS_H + 20);
        }
        double y = AXIS_H;
        for (TimelineModel.Lane lane : lanes) {
            g.setFill(laneBg);
            g.fillRect(0, y + 2, w, LANE_H - 4);
            g.setFill(fg);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(ellipsize(lane.name(), 22), 8, y + LANE_H / 2);
            for (TimelineModel.Segment s : lane.segments()) {
                Instant sEnd = s.end() == null ? now.getValue() : s.end();
                double xa = x0 + Math.max(0, Duration.between(start, s.start()).toMillis()) / spanMs * plotW;
                double xb = x0 + Math.max(0, Duration.between(start, sEnd).toMillis()) / spanMs * plotW;
                double bw = Math.max(2, xb - xa);
                g.setFill(COLORS.get(s.status()));
                g.fillRoundRect(xa, y + 6, bw, LANE_H - 12, 6, 6);
                if (bw > 60) {
                    g.setFill(s.status() == LockStatus.EXPIRING ? Color.BLACK : Color.WHITE);
                    g.fillText(ellipsize(s.holder() + " · " + s.status().jsonName(), (int) (bw / 7)), xa + 5, y + LANE_H / 2);
                }
            }
            for (TimelineModel.Mark mk : lane.marks()) {
                double x = x0 + Math.max(0, Duration.between(start, mk.at()).toMillis()) / spanMs * plotW;
                if (mk.kind() == LockEvent.Kind.BROKEN) {
                    g.setStroke(Color.web("#cf222e"));
                    g.setLineWidth(2.5);
                    g.strokeLine(x - 6, y + 6, x + 6, y + LANE_H - 6);
                    g.strokeLine(x - 6, y + LANE_H - 6, x + 6, y + 6);
                    g.setLineWidth(1);
                } else if (mk.kind() == LockEvent.Kind.RELEASED) {
                    g.setStroke(fg);
                    g.strokeLine(x, y + 4, x, y + LANE_H - 4);
                } else {
                    g.setStroke(Color.web("#0969da"));
                    g.strokeLine(x, y + 4, x, y + LANE_H - 4);
                }
            }
            y += LANE_H;
            if (y > h) {
                break;
            }
        }
        // legend
        double lx = 8;
        double ly = Math.min(h - 12, y + 18);
        for (LockStatus s : LockStatus.values()) {
            g.setFill(COLORS.get(s));
            g.fillRoundRect(lx, ly - 6, 14, 12, 4, 4);
            g.setFill(fg);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(s.jsonName(), lx + 18, ly);
            lx += 30 + s.jsonName().length() * 7;
        }
        g.setStroke(Color.web("#cf222e"));
        g.setLineWidth(2.5);
        g.strokeLine(lx, ly - 5, lx + 10, ly + 5);
        g.strokeLine(lx, ly + 5, lx + 10, ly - 5);
        g.setLineWidth(1);
        g.setFill(fg);
        g.fillText("broken", lx + 16, ly);
        g.setStroke(fg);
        g.strokeLine(lx + 74, ly - 6, lx + 74, ly + 6);
        g.fillText("released", lx + 80, ly);
    }

    private static long niceStep(double seconds) {
        long[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400};
        for (long s : steps) {
            if (s >= seconds) {
                return s;
            }
        }
        return 86400;
    }

    private static String ellipsize(String s, int max) {
        if (max < 4) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}

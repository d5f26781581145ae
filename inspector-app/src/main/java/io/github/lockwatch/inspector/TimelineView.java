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
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * The per-directory timeline, drawn on a {@link Canvas}: one lane per lock, a bar per (holder, state)
 * coloured like the state badges and labelled with the holder, an outlined cross where a lock was
 * broken, a tick where it was released. Lanes that do not fit scroll (wheel or scroll bar); the legend
 * has its own strip. Redrawn on the UI clock's tick and on model changes only.
 */
public final class TimelineView extends Pane {

    private static final double LABEL_W = 170;
    private static final double HEADER_H = 26;
    private static final double AXIS_H = 24;
    private static final double LANE_H = 30;
    private static final double LEGEND_H = 30;
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
    private final ScrollBar scroll = new ScrollBar();
    private final ObjectProperty<TimelineModel> model = new SimpleObjectProperty<>(this, "model");
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");
    private final javafx.beans.value.ObservableValue<Instant> now;
    private final ChangeListener<Number> onVersion = (o, a, b) -> redraw();
    private int firstLane;
    private int shownLanes;
    private int laneCount;

    public TimelineView(javafx.beans.value.ObservableValue<Instant> now) {
        this.now = now;
        setId("timeline-view");
        getStyleClass().add("timeline-view");
        scroll.setOrientation(Orientation.VERTICAL);
        scroll.setId("timeline-scroll");
        scroll.setVisible(false);
        scroll.setMin(0);
        scroll.valueProperty().addListener((o, a, b) -> {
            int first = (int) Math.round(b.doubleValue());
            if (first != firstLane) {
                firstLane = first;
                redraw();
            }
        });
        setOnScroll(e -> {
            if (laneCount > shownLanes && e.getDeltaY() != 0) {
                scroll.setValue(Math.max(0, Math.min(scroll.getMax(), scroll.getValue() - Math.signum(e.getDeltaY()) * 3)));
                e.consume();
            }
        });
        getChildren().addAll(canvas, scroll);
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
            firstLane = 0;
            scroll.setValue(0);
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

    /** The first lane drawn, and how many fit (for tests: lanes beyond the pane scroll, they are not dropped). */
    int firstLane() {
        return firstLane;
    }

    int shownLanes() {
        return shownLanes;
    }

    ScrollBar scrollBar() {
        return scroll;
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
        double sw = scroll.prefWidth(-1);
        double top = HEADER_H + AXIS_H;
        scroll.resizeRelocate(w - sw, top, sw, Math.max(0, h - top - LEGEND_H));
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
        g.setTextAlign(TextAlignment.LEFT);
        if (m == null) {
            g.setFill(fg);
            g.fillText("Select a watched directory to see its timeline.", 12, 20);
            laneCount = 0;
            scroll.setVisible(false);
            return;
        }
        List<TimelineModel.Lane> lanes = m.lanes();
        double lanesTop = HEADER_H + AXIS_H;
        double lanesBottom = Math.max(lanesTop, h - LEGEND_H);
        laneCount = lanes.size();
        shownLanes = Math.max(1, (int) Math.floor((lanesBottom - lanesTop) / LANE_H));
        boolean scrolling = laneCount > shownLanes;
        firstLane = scrolling ? Math.max(0, Math.min(firstLane, laneCount - shownLanes)) : 0;
        scroll.setVisible(scrolling);
        scroll.setMax(Math.max(0, laneCount - shownLanes));
        scroll.setVisibleAmount(shownLanes);
        scroll.setBlockIncrement(Math.max(1, shownLanes - 1));
        scroll.setUnitIncrement(1);
        if (scroll.getValue() != firstLane) {
            scroll.setValue(firstLane);
        }
        double right = scrolling ? w - scroll.prefWidth(-1) : w;

        // header: which directory this is
        g.setFont(Font.font(null, FontWeight.BOLD, 13));
        g.setFill(fg);
        String title = "Timeline: " + m.title();
        g.fillText(title, 8, HEADER_H / 2 + 2);
        g.setFont(Font.font(12));
        g.setFill(dark.get() ? Color.web("#8b949e") : Color.web("#59636e"));
        javafx.scene.text.Text measure = new javafx.scene.text.Text(title);
        measure.setFont(Font.font(null, FontWeight.BOLD, 13));
        g.fillText(m.directory() + "  ·  watching since " + Countdown.time(m.origin()),
                8 + measure.getLayoutBounds().getWidth() + 12, HEADER_H / 2 + 2);

        Instant end = now.getValue();
        Instant start = m.origin();
        if (Duration.between(start, end).toSeconds() < 20) {
            end = start.plusSeconds(20);
        }
        double spanMs = Math.max(1, Duration.between(start, end).toMillis());
        double x0 = LABEL_W;
        double plotW = Math.max(10, right - x0 - 12);

        // time axis
        double axisY = HEADER_H + AXIS_H / 2;
        g.setFill(fg);
        g.fillText("lock", 8, axisY);
        long stepS = niceStep(spanMs / 1000.0 / Math.max(1, plotW / 90));
        long firstTick = (start.getEpochSecond() / stepS + 1) * stepS;
        g.setTextAlign(TextAlignment.CENTER);
        for (long t = firstTick; t <= end.getEpochSecond(); t += stepS) {
            double x = x0 + (t * 1000.0 - start.toEpochMilli()) / spanMs * plotW;
            if (x < x0 + 32) {
                continue; // too close to the lane names
            }
            g.setStroke(muted);
            g.strokeLine(x, HEADER_H + AXIS_H - 4, x, lanesBottom);
            if (x < right - 32) {
                g.setFill(fg);
                g.fillText(Countdown.time(Instant.ofEpochSecond(t)), x, axisY);
            }
        }

        if (lanes.isEmpty()) {
            g.setTextAlign(TextAlignment.LEFT);
            g.setFill(fg);
            g.fillText("No lock events yet.", 12, lanesTop + 20);
        }
        double y = lanesTop;
        for (int i = firstLane; i < lanes.size() && i < firstLane + shownLanes; i++) {
            TimelineModel.Lane lane = lanes.get(i);
            g.setFill(laneBg);
            g.fillRect(0, y + 2, right, LANE_H - 4);
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
                    g.fillText(ellipsize(s.holder() + " · " + StateStyles.label(s.status()), (int) (bw / 7)), xa + 5, y + LANE_H / 2);
                }
            }
            for (TimelineModel.Mark mk : lane.marks()) {
                double x = x0 + Math.max(0, Duration.between(start, mk.at()).toMillis()) / spanMs * plotW;
                if (mk.kind() == LockEvent.Kind.BROKEN) {
                    breakMark(g, x, y + LANE_H / 2, LANE_H / 2 - 3, fg, bg);
                } else if (mk.kind() == LockEvent.Kind.RELEASED) {
                    g.setStroke(fg);
                    g.setLineWidth(1.5);
                    g.strokeLine(x, y + 4, x, y + LANE_H - 4);
                    g.setLineWidth(1);
                } else {
                    g.setStroke(Color.web("#0969da"));
                    g.strokeLine(x, y + 4, x, y + LANE_H - 4);
                }
            }
            y += LANE_H;
        }

        // legend, in its own strip below the lanes
        double ly = h - LEGEND_H / 2;
        g.setFill(bg);
        g.fillRect(0, h - LEGEND_H, w, LEGEND_H);
        g.setStroke(muted);
        g.strokeLine(0, h - LEGEND_H + 0.5, w, h - LEGEND_H + 0.5);
        double lx = 8;
        g.setTextAlign(TextAlignment.LEFT);
        for (LockStatus s : LockStatus.values()) {
            g.setFill(COLORS.get(s));
            g.fillRoundRect(lx, ly - 6, 14, 12, 4, 4);
            g.setFill(fg);
            String label = StateStyles.label(s);
            g.fillText(label, lx + 18, ly);
            lx += 30 + label.length() * 7;
        }
        breakMark(g, lx + 6, ly, 7, fg, bg);
        g.setFill(fg);
        g.fillText("broken", lx + 18, ly);
        lx += 74;
        g.setStroke(fg);
        g.setLineWidth(1.5);
        g.strokeLine(lx, ly - 7, lx, ly + 7);
        g.setLineWidth(1);
        g.fillText("released", lx + 6, ly);
        if (scrolling) {
            g.setTextAlign(TextAlignment.RIGHT);
            int last = Math.min(laneCount, firstLane + shownLanes);
            g.fillText("locks " + (firstLane + 1) + "–" + last + " of " + laneCount + " (scroll for "
                    + (laneCount - last + firstLane) + " more)", w - 10, ly);
        }
    }

    /**
     * A break: a vertical line through the lane and a cross, drawn in the text colour with an outline
     * in the background colour, so it stands out on every bar (the Breakable bar is red, too).
     */
    private static void breakMark(GraphicsContext g, double x, double cy, double r, Color fg, Color bg) {
        g.setLineCap(StrokeLineCap.ROUND);
        g.setStroke(bg);
        g.setLineWidth(6);
        g.strokeLine(x, cy - r - 2, x, cy + r + 2);
        g.strokeLine(x - r, cy - r, x + r, cy + r);
        g.strokeLine(x - r, cy + r, x + r, cy - r);
        g.setStroke(fg);
        g.setLineWidth(2.5);
        g.strokeLine(x, cy - r - 2, x, cy + r + 2);
        g.strokeLine(x - r, cy - r, x + r, cy + r);
        g.strokeLine(x - r, cy + r, x + r, cy - r);
        g.setLineWidth(1);
        g.setLineCap(StrokeLineCap.SQUARE);
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

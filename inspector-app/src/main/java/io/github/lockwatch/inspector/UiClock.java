package io.github.lockwatch.inspector;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.util.Duration;

/**
 * The single clock tick of the UI. One one-second {@link Timeline} updates {@link #nowProperty()};
 * every countdown in the app is a binding of (expiry, now), so there is no timer per row.
 *
 * <p>Tests create it without {@link #start()} and call {@link #tick()} themselves, with a fake
 * {@link InstantSource}.
 */
public final class UiClock {

    private final InstantSource source;
    private final ReadOnlyObjectWrapper<Instant> now;
    private Timeline timeline;

    /** A clock reading {@code source}; no timer runs until {@link #start()}. */
    public UiClock(InstantSource source) {
        this.source = Objects.requireNonNull(source, "source");
        this.now = new ReadOnlyObjectWrapper<>(this, "now", source.instant());
    }

    /** The current instant, updated once a second on the FX thread. */
    public ReadOnlyObjectProperty<Instant> nowProperty() {
        return now.getReadOnlyProperty();
    }

    /** The last instant published. */
    public Instant now() {
        return now.get();
    }

    /** Publishes the source's current instant now. Call on the FX thread (or a test thread). */
    public void tick() {
        now.set(source.instant());
    }

    /** Starts the one-second tick. Call on the FX thread. */
    public void start() {
        if (timeline == null) {
            timeline = new Timeline(new KeyFrame(Duration.seconds(1), e -> tick()));
            timeline.setCycleCount(Animation.INDEFINITE);
        }
        timeline.play();
    }

    /** Stops the tick. */
    public void stop() {
        if (timeline != null) {
            timeline.stop();
        }
    }
}

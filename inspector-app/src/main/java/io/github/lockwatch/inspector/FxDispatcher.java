package io.github.lockwatch.inspector;

import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.application.Platform;

/**
 * The one door to the FX application thread: the only class in the app that calls
 * {@link Platform#runLater}. View models receive it as a plain {@link Executor}, so tests hand them
 * {@code Runnable::run} instead and run on the test thread without a toolkit.
 */
public final class FxDispatcher implements Executor {

    private static final FxDispatcher INSTANCE = new FxDispatcher();

    private FxDispatcher() {
    }

    /** The dispatcher. */
    public static FxDispatcher get() {
        return INSTANCE;
    }

    /** Runs {@code task} on the FX thread: at once if already there, otherwise soon. */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (Platform.isFxApplicationThread()) {
            task.run();
        } else {
            Platform.runLater(task);
        }
    }

    /** Queues {@code task} behind everything already queued, even when called on the FX thread. */
    public void later(Runnable task) {
        Objects.requireNonNull(task, "task");
        Platform.runLater(task);
    }
}

package io.github.lockwatch.inspector;

/**
 * Something the user should hear about even when not looking at the table: a lock became
 * breakable, holder-dead or corrupt, or an action failed. Shown as a desktop notification.
 *
 * @param level how bad
 * @param title the headline
 * @param text the details
 */
public record Notice(Level level, String title, String text) {

    /** How bad a notice is. */
    public enum Level {
        INFO,
        WARNING,
        ERROR
    }
}

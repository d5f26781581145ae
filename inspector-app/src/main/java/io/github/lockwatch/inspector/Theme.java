package io.github.lockwatch.inspector;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Objects;
import javafx.application.Application;
import javafx.scene.Scene;

/** Light and dark themes: AtlantaFX Primer as user-agent stylesheet, plus the app's own CSS. */
public final class Theme {

    private Theme() {
    }

    /** The app's stylesheet URL. */
    public static String appCss() {
        return Objects.requireNonNull(Theme.class.getResource("app.css"), "app.css").toExternalForm();
    }

    /** Switches the whole application's theme (call on the FX thread). */
    public static void apply(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    /** Adds the app stylesheet to a scene. */
    public static void style(Scene scene) {
        if (!scene.getStylesheets().contains(appCss())) {
            scene.getStylesheets().add(appCss());
        }
    }
}

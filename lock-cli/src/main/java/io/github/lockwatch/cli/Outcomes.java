package io.github.lockwatch.cli;

import io.github.lockwatch.inspect.ActionResult;
import io.github.lockwatch.inspect.Json;
import java.io.PrintWriter;

/** Prints what an admin action did and maps its outcome to an exit status. */
final class Outcomes {

    private Outcomes() {
    }

    static int exitCode(ActionResult.Outcome outcome) {
        return switch (outcome) {
            case DONE -> ExitCodes.OK;
            case REFUSED_CHANGED, REFUSED_NOT_BREAKABLE, REFUSED_GONE -> ExitCodes.REFUSED;
            case FAILED -> ExitCodes.FAILURE;
        };
    }

    /** Done goes to stdout; refusals and failures to stderr, prefixed with the command name. */
    static int report(ActionResult result, boolean json, String command, PrintWriter out, PrintWriter err) {
        if (json) {
            out.println(Json.toJson(result));
            out.flush();
        } else if (result.outcome() == ActionResult.Outcome.DONE) {
            out.println(Text.visible(result.message()));
            out.flush();
        }
        if (result.outcome() != ActionResult.Outcome.DONE) {
            err.println(command + ": " + result.outcome().jsonName() + ": " + Text.visible(result.message()));
            err.flush();
        }
        return exitCode(result.outcome());
    }
}

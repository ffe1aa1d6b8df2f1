package io.registry.cli;

import io.registry.cli.api.ApiAnswer;
import io.registry.cli.api.RegistryApi;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A command that talks to the registry: it gets the {@link CliContext} through its constructor (see
 * {@link RegistryCli#commandLine}) and the registry from the environment and the stored login.
 */
public abstract class ApiCommand implements Callable<Integer> {

    protected final CliContext context;

    @Mixin
    protected OutputOptions output;

    @Mixin
    HelpOption help;

    private RegistryApi api;

    protected ApiCommand(CliContext context) {
        this.context = context;
    }

    protected RegistryApi api() {
        if (api == null) {
            api = RegistryApi.connect(context);
        }
        return api;
    }

    protected PrintWriter out() {
        return context.out();
    }

    /** Prints an answer as the registry sent it ({@code --json}). */
    protected void printJson(String body) {
        out().println(body.strip());
    }

    /** Puts a request body field the user gave; leaves it out otherwise (the registry's default applies). */
    protected static void putIfGiven(java.util.Map<String, Object> body, String field, Object value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    /** Shows a successful answer: as the registry sent it with {@code --json}, else for people ({@code human}). */
    protected Integer show(ApiAnswer answer, Runnable human) {
        if (output.json) {
            printJson(answer.body());
        } else {
            human.run();
        }
        return ExitCode.OK;
    }
}

package io.registry.cli.login;

import io.registry.cli.CliContext;
import io.registry.cli.ExitCode;
import io.registry.cli.api.LoginFile;
import io.registry.cli.api.WriteTokens;
import io.registry.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.concurrent.Callable;

/** {@code registry logout}: deletes what {@code login} stored. */
@Command(name = "logout", description = "Delete the stored URL and token.")
public final class LogoutCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    HelpOption help;

    public LogoutCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        LoginFile login = new LoginFile(context.configDirectory());
        boolean deleted = login.delete();
        new WriteTokens(context.configDirectory()).forgetAll();
        context.out().println(deleted ? "Logged out: deleted " + login.path() : "Not logged in (no " + login.path() + ")");
        return ExitCode.OK;
    }
}

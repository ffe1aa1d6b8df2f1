package io.registry.cli;

import io.registry.cli.channels.ChannelCommand;
import io.registry.cli.entities.EntitiesCommand;
import io.registry.cli.login.LoginCommand;
import io.registry.cli.login.LogoutCommand;
import io.registry.cli.packages.PackagesCommand;
import io.registry.cli.push.PushCommand;
import io.registry.cli.retention.RetentionCommand;
import io.registry.cli.versions.ActivateCommand;
import io.registry.cli.versions.ArchiveCommand;
import io.registry.cli.versions.DownloadCommand;
import io.registry.cli.versions.HistoryCommand;
import io.registry.cli.versions.LineageCommand;
import io.registry.cli.versions.ShowCommand;
import io.registry.cli.versions.VersionsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;

/** {@code registry}: the command line of the package version registry (README "Command line"). */
@Command(name = "registry", mixinStandardHelpOptions = true, versionProvider = RegistryCli.Version.class,
        description = {"Publish and manage package versions in the registry.",
                "Registry: REGISTRY_URL, else the URL stored by `registry login`, else",
                "  http://localhost:8080 (./run.sh).",
                "Token: REGISTRY_TOKEN, else the one `registry login` stored for that URL."},
        subcommands = {LoginCommand.class, LogoutCommand.class, EntitiesCommand.class, PackagesCommand.class,
                PushCommand.class, VersionsCommand.class, ShowCommand.class, ActivateCommand.class, ArchiveCommand.class,
                DownloadCommand.class, LineageCommand.class, HistoryCommand.class, ChannelCommand.class,
                RetentionCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done (a push of a source that is already a version too: \"unchanged\")",
                "1:usage: bad options or arguments, a local file that cannot be read or written",
                "2:refused by the registry: 400, 401, 403, 405, 412, 413, 414, 415, 422, 431",
                "3:not found: 404 (no such entity or version, or not readable by you), 410 (upload expired)",
                "4:conflict: 409 (version_exists, entity_exists, version_active, version_archived, ...)",
                "5:server or network: 5xx, 429, no connection, an answer that is not the registry's, "
                        + "downloaded bytes that do not match their recorded SHA-256"})
public final class RegistryCli implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(CliContext.system(), args));
    }

    /** Runs one command line; answers its exit code ({@link ExitCode}). */
    public static int execute(CliContext context, String... args) {
        try {
            return commandLine(context).execute(args);
        } finally {
            context.out().flush();
            context.err().flush();
        }
    }

    /**
     * The command tree, each command built with the context; refusals and failures end as one line on standard error
     * and the exit code of {@link ExitCode}.
     */
    public static CommandLine commandLine(CliContext context) {
        CommandLine cli = new CommandLine(RegistryCli.class, new ContextFactory(context));
        cli.setOut(context.out());
        cli.setErr(context.err());
        cli.setParameterExceptionHandler(RegistryCli::usageError);
        cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> failed(exception, context.err()));
        return cli;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command");
    }

    private static int usageError(ParameterException exception, String[] args) {
        CommandLine commandLine = exception.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("error: " + exception.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
        err.println("usage: " + commandLine.getHelp().synopsis(0).strip());
        err.printf("Try `%s --help`.%n", commandLine.getCommandSpec().qualifiedName());
        return ExitCode.USAGE;
    }

    private static int failed(Exception exception, PrintWriter err) {
        if (exception instanceof CliFailure) {
            err.println("error: " + exception.getMessage());
            return ((CliFailure) exception).exitCode();
        }
        if (exception instanceof IOException || exception instanceof UncheckedIOException) {
            err.println("error: " + exception.getMessage());
            return ExitCode.USAGE;
        }
        err.println("error: the registry CLI failed (a bug): " + exception);
        exception.printStackTrace(err);
        return ExitCode.USAGE;
    }

    /** Commands take the context in their constructor; picocli's own classes are built as picocli builds them. */
    private static final class ContextFactory implements CommandLine.IFactory {
        private final CliContext context;

        ContextFactory(CliContext context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException noContext) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    /** The version of the jar (its manifest), or "development build" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RegistryCli.class.getPackage().getImplementationVersion();
            return new String[]{"registry CLI " + (version == null ? "(development build)" : version)};
        }
    }
}

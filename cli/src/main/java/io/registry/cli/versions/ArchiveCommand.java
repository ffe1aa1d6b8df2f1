package io.registry.cli.versions;

import io.registry.cli.ApiCommand;
import io.registry.cli.CliContext;
import io.registry.cli.ExitCode;
import io.registry.cli.api.ApiAnswer;
import io.registry.cli.api.RegistryApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code registry archive E V}: archives a version (the documented DELETE; it stays in listings and history). */
@Command(name = "archive", description = {"Archive a version: it stays in the listing and history with archived_at.",
        "The active version cannot be archived."})
public final class ArchiveCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ENTITY")
    String entityId;

    @Parameters(index = "1", paramLabel = "VERSION")
    String versionId;

    public ArchiveCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        ApiAnswer archived = api().command(entityId, "DELETE", RegistryApi.entityPath(entityId, "versions", versionId),
                null);
        return show(archived, () -> out().printf("archived: %s %s%n", entityId, versionId));
    }
}

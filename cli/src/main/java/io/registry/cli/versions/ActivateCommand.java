package io.registry.cli.versions;

import io.registry.cli.ApiCommand;
import io.registry.cli.CliContext;
import io.registry.cli.ExitCode;
import io.registry.cli.Json;
import io.registry.cli.api.ApiAnswer;
import io.registry.cli.api.RegistryApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code registry activate E V}: sets the active version ({@code PUT .../versions/active}). */
@Command(name = "activate", description = "Make a version the entity's active one (an archived version cannot be).")
public final class ActivateCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ENTITY")
    String entityId;

    @Parameters(index = "1", paramLabel = "VERSION")
    String versionId;

    public ActivateCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        ApiAnswer activated = api().command(entityId, "PUT", RegistryApi.entityPath(entityId, "versions", "active"),
                Map.of("versionId", versionId));
        return show(activated, () ->
                out().printf("active: %s %s%n", entityId, Json.text(activated.json(), "active_version_id")));
    }
}

package io.registry.cli.versions;

import io.registry.cli.ApiCommand;
import io.registry.cli.CliContext;
import io.registry.cli.ExitCode;
import io.registry.cli.Fields;
import io.registry.cli.api.ApiAnswer;
import io.registry.cli.api.RegistryApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code registry show E V}: one version with everything recorded for it. */
@Command(name = "show", description = "One version of an entity, with its release metadata (VERSION `active`: the active one).")
public final class ShowCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ENTITY")
    String entityId;

    @Parameters(index = "1", paramLabel = "VERSION", description = "A version id, or `active`.")
    String versionId;

    public ShowCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        ApiAnswer version = api().read(entityId, RegistryApi.entityPath(entityId, "versions", versionId), Map.of());
        return show(version, () -> Fields.print(out(), version.json()));
    }
}

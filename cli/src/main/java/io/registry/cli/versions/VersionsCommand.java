package io.registry.cli.versions;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.cli.ApiCommand;
import io.registry.cli.CliContext;
import io.registry.cli.ExitCode;
import io.registry.cli.Json;
import io.registry.cli.Table;
import io.registry.cli.api.Progress;
import io.registry.cli.api.RegistryApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code registry versions E}: every version of an entity, newest first, through all pages of the listing. */
@Command(name = "versions", description = {"List an entity's versions, newest first (every page of the listing).",
        "--json prints each page as the registry answered it, one page per line."})
public final class VersionsCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ENTITY")
    String entityId;

    @Option(names = "--limit", paramLabel = "N", description = "At most N versions (default: all).")
    Integer limit;

    @Option(names = "--after", paramLabel = "CURSOR", description = "Start after this cursor (a page's after_cursor).")
    String after;

    public VersionsCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        Table table = new Table("ID", "#", "STATE", "SIZE", "CREATED_AT", "CREATED_BY", "BASE");
        long[] shown = {0};
        long total = Pages.walk(api(), entityId, RegistryApi.entityPath(entityId, "versions"), after, limit, page -> {
            if (output.json) {
                out().println(Json.compact(page));
                return;
            }
            for (JsonNode version : page.path("items")) {
                shown[0]++;
                table.row(Json.text(version, "id"), Json.text(version, "version"), state(version),
                        version.path("file_size_bytes").isNumber() ? Progress.bytes(version.get("file_size_bytes").asLong()) : null,
                        Json.text(version, "created_at"), Json.text(version, "created_by"),
                        Json.text(version, "base_version_id"));
            }
        });
        if (!output.json) {
            if (table.isEmpty()) {
                out().printf("%s has no versions%n", entityId);
            } else {
                table.print(out());
                if (shown[0] < total) {
                    out().printf("(%d of %d versions)%n", shown[0], total);
                }
            }
        }
        return ExitCode.OK;
    }

    static String state(JsonNode version) {
        if (Json.text(version, "archived_at") != null) {
            return "archived";
        }
        return version.path("active").asBoolean() ? "active" : null;
    }
}

package io.registry.cli.versions;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.cli.ApiCommand;
import io.registry.cli.CliContext;
import io.registry.cli.ExitCode;
import io.registry.cli.Json;
import io.registry.cli.Table;
import io.registry.cli.api.RegistryApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code registry history E}: every event recorded for the entity, oldest first, through all pages. */
@Command(name = "history", description = {"Every event recorded for an entity, oldest first (publishers and admins).",
        "--json prints each page as the registry answered it, one page per line."})
public final class HistoryCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ENTITY")
    String entityId;

    @Option(names = "--limit", paramLabel = "N", description = "At most N events (default: all).")
    Integer limit;

    @Option(names = "--after", paramLabel = "CURSOR", description = "Start after this cursor (a page's after_cursor).")
    String after;

    public HistoryCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        Table table = new Table("SEQ", "RECORDED_AT", "ACTOR", "TYPE", "VERSION");
        api().awaitLastWrite(entityId);
        Pages.walk(api(), entityId, RegistryApi.entityPath(entityId, "history"), after, limit, page -> {
            if (output.json) {
                out().println(Json.compact(page));
                return;
            }
            for (JsonNode event : page.path("items")) {
                table.row(Json.text(event, "sequence"), Json.text(event, "recorded_at"), Json.text(event, "actor"),
                        Json.text(event, "type"), Json.text(event.path("data"), "version_id"));
            }
        });
        if (!output.json) {
            table.print(out());
        }
        return ExitCode.OK;
    }
}

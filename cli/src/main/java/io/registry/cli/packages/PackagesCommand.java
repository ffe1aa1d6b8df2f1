package io.registry.cli.packages;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.cli.ApiCommand;
import io.registry.cli.CliContext;
import io.registry.cli.ExitCode;
import io.registry.cli.Fields;
import io.registry.cli.Json;
import io.registry.cli.Table;
import io.registry.cli.api.RegistryApi;
import io.registry.cli.versions.Pages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code registry packages ZONE}: the packages of a zone you may read, most recently released first. */
@Command(name = "packages", description = {"List the packages of a zone you may read, most recently released first",
        "(every page of the listing). --json prints each page as the registry answered it, one page per line."})
public final class PackagesCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ZONE")
    String zoneId;

    @Option(names = "--q", paramLabel = "WORDS",
            description = "Only packages whose name or description holds every word (the last one as a prefix).")
    String text;

    @Option(names = "--tag", paramLabel = "TAG",
            description = "Only packages whose active version has this tag (repeat: every tag).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--owner-type", paramLabel = "TYPE", description = "Only platform or customer packages.")
    String ownerType;

    @Option(names = "--limit", paramLabel = "N", description = "At most N packages (default: all).")
    Integer limit;

    public PackagesCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("q", text);
        filters.put("tag", tags);
        filters.put("owner_type", ownerType);
        Table table = new Table("ID", "NAME", "ACTIVE", "VERSIONS", "RELEASED", "STORE", "TAGS");
        long[] shown = {0};
        String path = "/zones/" + RegistryApi.segment(zoneId) + "/packages";
        long total = Pages.walk(api(), null, path, filters, null, limit, page -> {
            if (output.json) {
                out().println(Json.compact(page));
                return;
            }
            for (JsonNode pkg : page.path("items")) {
                shown[0]++;
                table.row(Json.text(pkg, "id"), Json.text(pkg, "name"), Json.text(pkg, "active_version_id"),
                        Json.text(pkg, "version_count"), Json.text(pkg, "latest_version_at"), Json.text(pkg, "store"),
                        Fields.value(pkg.get("tags")));
            }
        });
        if (!output.json) {
            if (table.isEmpty()) {
                out().printf("no packages%s in %s you may read%n",
                        text != null || !tags.isEmpty() || ownerType != null ? " matching" : "", zoneId);
            } else {
                table.print(out());
                if (shown[0] < total) {
                    out().printf("(%d of %d packages)%n", shown[0], total);
                }
            }
        }
        return ExitCode.OK;
    }
}

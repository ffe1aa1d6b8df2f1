package io.registry.cli.versions;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.cli.ApiCommand;
import io.registry.cli.CliContext;
import io.registry.cli.Json;
import io.registry.cli.api.ApiAnswer;
import io.registry.cli.api.RegistryApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code registry lineage E V}: the versions a version was built on, and those built on it, as a tree. */
@Command(name = "lineage", description = "A version's ancestors (through base_version_id, nearest first) and descendants (a tree).")
public final class LineageCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ENTITY")
    String entityId;

    @Parameters(index = "1", paramLabel = "VERSION", description = "A version id, or `active`.")
    String version;

    @Option(names = "--depth", paramLabel = "N", description = "How far in both directions, 1..100 (default 10).")
    Integer depth;

    @Option(names = "--limit", paramLabel = "N", description = "At most N descendants, 1..1000 (default 100).")
    Integer limit;

    public LineageCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("depth", depth == null ? null : depth.toString());
        query.put("limit", limit == null ? null : limit.toString());
        String versionId = Versions.resolve(api(), entityId, version);
        ApiAnswer answer = api().read(entityId, RegistryApi.entityPath(entityId, "versions", versionId, "lineage"), query);
        return show(answer, () -> {
            JsonNode lineage = answer.json();
            PrintWriter out = out();
            out.println("version      " + node(lineage.path("version")));
            List<String> ancestors = new ArrayList<>();
            lineage.path("ancestors").forEach(ancestor -> ancestors.add(node(ancestor)));
            out.println("ancestors    " + (ancestors.isEmpty() ? "-" : String.join(" <- ", ancestors))
                    + (lineage.path("ancestors_truncated").asBoolean() ? " <- ... (--depth)" : ""));
            out.println("descendants  " + lineage.path("descendant_count").asLong()
                    + (lineage.path("descendants_truncated").asBoolean() ? " (more: --depth, --limit)" : ""));
            lineage.path("descendants").forEach(child -> tree(out, child, 1));
        });
    }

    private static void tree(PrintWriter out, JsonNode node, int level) {
        out.println("  ".repeat(level) + node(node));
        node.path("children").forEach(child -> tree(out, child, level + 1));
    }

    private static String node(JsonNode version) {
        String state = VersionsCommand.state(version);
        return Json.text(version, "id") + " #" + Json.text(version, "version") + (state == null ? "" : " " + state);
    }
}

package io.registry.cli.retention;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.cli.ApiCommand;
import io.registry.cli.CliContext;
import io.registry.cli.Fields;
import io.registry.cli.HelpOption;
import io.registry.cli.Json;
import io.registry.cli.api.ApiAnswer;
import io.registry.cli.api.RegistryApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code registry retention ...}: an entity's retention policy and its dry run (README "Retention"). */
@Command(name = "retention", description = "Set an entity's retention policy; show what it would archive now.",
        subcommands = {RetentionCommand.Set.class, RetentionCommand.Preview.class})
public final class RetentionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: set or preview");
    }

    /** {@code keep_latest 10, max_age_days 90}, or {@code no rules}. */
    static String describe(JsonNode policy) {
        String keep = Json.text(policy, "keep_latest");
        String age = Json.text(policy, "max_age_days");
        if (keep == null && age == null) {
            return "no rules (nothing is archived)";
        }
        return "keep_latest " + Fields.value(policy.get("keep_latest")) + ", max_age_days "
                + Fields.value(policy.get("max_age_days"));
    }

    @Command(name = "set", sortOptions = false, description = {
            "Set the policy: versions no rule keeps are archived by the registry's retention job, never the",
            "active version nor a channel's target. Without options: no rules."})
    public static final class Set extends ApiCommand {

        @Parameters(index = "0", paramLabel = "ENTITY")
        String entityId;

        @Option(names = "--keep-latest", paramLabel = "N", description = "Keep the newest N unarchived versions.")
        Integer keepLatest;

        @Option(names = "--max-age-days", paramLabel = "D", description = "Keep the versions confirmed less than D days ago.")
        Integer maxAgeDays;

        public Set(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            putIfGiven(body, "keep_latest", keepLatest);
            putIfGiven(body, "max_age_days", maxAgeDays);
            ApiAnswer set = api().command(entityId, "PUT", RegistryApi.entityPath(entityId, "retention"), body);
            return show(set, () -> out().printf("retention of %s: %s%n", entityId, describe(set.json())));
        }
    }

    @Command(name = "preview", description = "The versions the policy would archive now, oldest first (nothing is recorded).")
    public static final class Preview extends ApiCommand {

        @Parameters(index = "0", paramLabel = "ENTITY")
        String entityId;

        public Preview(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            ApiAnswer preview = api().read(entityId, RegistryApi.entityPath(entityId, "retention", "preview"), Map.of());
            return show(preview, () -> {
                JsonNode answer = preview.json();
                out().printf("retention of %s: %s%n", entityId, describe(answer));
                if (answer.get("items").isEmpty()) {
                    out().println("nothing would be archived");
                }
                answer.get("items").forEach(item -> out().printf("would archive %s (version %d, created %s)%n",
                        Json.text(item, "id"), item.get("version").asInt(), Json.text(item, "created_at")));
            });
        }
    }
}

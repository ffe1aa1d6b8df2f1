package io.registry.cli.entities;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.cli.ApiCommand;
import io.registry.cli.CliContext;
import io.registry.cli.ExitCode;
import io.registry.cli.Fields;
import io.registry.cli.Json;
import io.registry.cli.api.ApiAnswer;
import io.registry.cli.api.RegistryApi;
import io.registry.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code registry entities ...}: entities (packages), their store visibility, publishers and shares. */
@Command(name = "entities", description = "Create and read entities (packages); change their store, publishers, shares.",
        subcommands = {EntitiesCommand.Create.class, EntitiesCommand.Show.class, EntitiesCommand.Store.class,
                EntitiesCommand.Publishers.class, EntitiesCommand.Shares.class})
public final class EntitiesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: create, show, store, publishers or shares");
    }

    @Command(name = "create", sortOptions = false,
            description = "Create an entity (POST /api/entities); you become its first publisher.")
    public static final class Create extends ApiCommand {

        @Parameters(index = "0", paramLabel = "ENTITY", description = "The entity (package) id.")
        String entityId;

        @Option(names = "--zone", required = true, paramLabel = "ZONE", description = "The zone it lives in.")
        String zoneId;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Its display name.")
        String name;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Option(names = "--icon-url", paramLabel = "URL")
        String iconUrl;

        @Option(names = "--owner-type", paramLabel = "TYPE", description = "customer (default) or platform (admins).")
        String ownerType;

        @Option(names = "--org", paramLabel = "ORG", description = "The owning organization (default: yours).")
        String organizationId;

        @Option(names = "--store", paramLabel = "STORE", description = "private (default), org or public.")
        String store;

        public Create(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", entityId);
            body.put("zone_id", zoneId);
            body.put("name", name);
            putIfGiven(body, "description", description);
            putIfGiven(body, "icon_url", iconUrl);
            putIfGiven(body, "owner_type", ownerType);
            putIfGiven(body, "organization_id", organizationId);
            putIfGiven(body, "store", store);
            ApiAnswer created = api().command(entityId, "POST", "/api/entities", body);
            return show(created, () -> {
                JsonNode entity = created.json();
                out().printf("created %s in zone %s (store %s, organization %s); publishers: %s%n", entityId,
                        Json.text(entity, "zone_id"), Json.text(entity, "store"),
                        Fields.value(entity.get("organization_id")), Fields.value(entity.get("publishers")));
            });
        }
    }

    @Command(name = "show", description = "An entity as the registry has it (GET /api/entities/{id}).")
    public static final class Show extends ApiCommand {

        @Parameters(index = "0", paramLabel = "ENTITY")
        String entityId;

        public Show(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            ApiAnswer entity = api().read(entityId, RegistryApi.entityPath(entityId), Map.of());
            return show(entity, () -> Fields.print(out(), entity.json()));
        }
    }

    @Command(name = "store", description = "Set who may read the entity: private, org or public.")
    public static final class Store extends ApiCommand {

        @Parameters(index = "0", paramLabel = "ENTITY")
        String entityId;

        @Parameters(index = "1", paramLabel = "STORE", description = "private, org or public.")
        String store;

        public Store(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            ApiAnswer changed = api().command(entityId, "PUT", RegistryApi.entityPath(entityId, "store"),
                    Map.of("store", store));
            return show(changed, () -> out().printf("store of %s: %s%n", entityId, Json.text(changed.json(), "store")));
        }
    }

    @Command(name = "publishers", description = {"List the entity's publishers, or grant (--add) and revoke (--remove).",
            "The last publisher cannot be revoked."})
    public static final class Publishers extends Members {
        public Publishers(CliContext context) {
            super(context, "publishers", "publishers", "publisher");
        }
    }

    @Command(name = "shares", description = "List the users the entity is shared with, or share (--add) and unshare (--remove).")
    public static final class Shares extends Members {
        public Shares(CliContext context) {
            super(context, "shares", "shared_with", "shared");
        }
    }

    /** Publishers and shares: a set of user ids, each added with a PUT and removed with a DELETE of its own. */
    abstract static class Members extends ApiCommand {

        private final String route;
        private final String field;
        private final String flag;

        @Parameters(index = "0", paramLabel = "ENTITY")
        String entityId;

        @Option(names = "--add", paramLabel = "USER", description = "Add this user; may be repeated.")
        List<String> add = new ArrayList<>();

        @Option(names = "--remove", paramLabel = "USER", description = "Remove this user; may be repeated.")
        List<String> remove = new ArrayList<>();

        Members(CliContext context, String route, String field, String flag) {
            super(context);
            this.route = route;
            this.field = field;
            this.flag = flag;
        }

        @Override
        public Integer call() {
            if (add.isEmpty() && remove.isEmpty()) {
                ApiAnswer entity = api().read(entityId, RegistryApi.entityPath(entityId), Map.of());
                return show(entity, () -> entity.json().path(field).forEach(user -> out().println(user.asText())));
            }
            change("PUT", add);
            change("DELETE", remove);
            return ExitCode.OK;
        }

        private void change(String method, List<String> users) {
            for (String user : users) {
                ApiAnswer changed = api().command(entityId, method, RegistryApi.entityPath(entityId, route, user), null);
                if (output.json) {
                    out().println(Json.compact(changed.json()));
                } else {
                    out().printf("%s %s: %s %s%n", entityId, route, user,
                            changed.json().path(flag).asBoolean() ? "added" : "removed");
                }
            }
        }
    }
}

package io.registry.cli.channels;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.cli.ApiCommand;
import io.registry.cli.CliContext;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code registry channel ...}: an entity's channels (README "Channels"). */
@Command(name = "channel", description = "Point channels at versions or split them between two; read and resolve them.",
        subcommands = {ChannelCommand.Set.class, ChannelCommand.Show.class, ChannelCommand.Resolve.class,
                ChannelCommand.Remove.class})
public final class ChannelCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: set, show, resolve or remove");
    }

    /** One line for a channel: {@code beta  2024.06.10-120000 90%, 2024.06.11-120000 10%}. */
    static String describe(JsonNode channel) {
        List<String> targets = new ArrayList<>();
        channel.get("targets").forEach(target -> targets.add(Json.text(target, "version_id") + " "
                + target.get("weight").asInt() + "%"));
        return Json.text(channel, "channel") + "  " + String.join(", ", targets);
    }

    @Command(name = "set", sortOptions = false, description = {
            "Point a channel at a version (also the rollback: an earlier one), or split it between two with",
            "--weight VERSION=PERCENT twice (whole percentages summing to 100)."})
    public static final class Set extends ApiCommand {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ENTITY")
        String entityId;

        @Parameters(index = "1", paramLabel = "CHANNEL")
        String channel;

        @Parameters(index = "2", paramLabel = "VERSION", arity = "0..1", description = "The one version it points at.")
        String versionId;

        @Option(names = "--weight", paramLabel = "VERSION=PERCENT", description = "A version of a split and its share.")
        Map<String, Integer> weights = new LinkedHashMap<>();

        public Set(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            if ((versionId == null) == weights.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "Give either VERSION or --weight VERSION=PERCENT");
            }
            Map<String, Object> body = versionId != null ? Map.of("version_id", versionId) : Map.of("weights", weights);
            ApiAnswer set = api().command(entityId, "PUT", RegistryApi.entityPath(entityId, "channels", channel), body);
            return show(set, () -> out().printf("channel of %s: %s%n", entityId, describe(set.json())));
        }
    }

    @Command(name = "show", description = "One channel, or every channel of the entity when CHANNEL is left out.")
    public static final class Show extends ApiCommand {

        @Parameters(index = "0", paramLabel = "ENTITY")
        String entityId;

        @Parameters(index = "1", paramLabel = "CHANNEL", arity = "0..1")
        String channel;

        public Show(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            ApiAnswer answer = api().read(entityId, channel == null ? RegistryApi.entityPath(entityId, "channels")
                    : RegistryApi.entityPath(entityId, "channels", channel), Map.of());
            return show(answer, () -> {
                if (channel != null) {
                    out().println(describe(answer.json()));
                } else {
                    answer.json().get("items").forEach(item -> out().println(describe(item)));
                }
            });
        }
    }

    @Command(name = "resolve", description = "The version an install with this key gets from the channel.")
    public static final class Resolve extends ApiCommand {

        @Parameters(index = "0", paramLabel = "ENTITY")
        String entityId;

        @Parameters(index = "1", paramLabel = "CHANNEL")
        String channel;

        @Option(names = "--key", paramLabel = "KEY",
                description = "The install's key (a user, a host): needed for a split channel; the same key always "
                        + "gets the same version.")
        String key;

        public Resolve(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Map<String, String> query = key == null ? Map.of() : Map.of("key", key);
            ApiAnswer answer = api().read(entityId,
                    RegistryApi.entityPath(entityId, "channels", channel, "resolve"), query);
            return show(answer, () -> out().println(Json.text(answer.json(), "version_id")));
        }
    }

    @Command(name = "remove", description = "Remove a channel (its versions stay as they are).")
    public static final class Remove extends ApiCommand {

        @Parameters(index = "0", paramLabel = "ENTITY")
        String entityId;

        @Parameters(index = "1", paramLabel = "CHANNEL")
        String channel;

        public Remove(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            ApiAnswer removed = api().command(entityId, "DELETE",
                    RegistryApi.entityPath(entityId, "channels", channel), null);
            return show(removed, () -> out().printf("removed channel %s of %s%n", channel, entityId));
        }
    }
}

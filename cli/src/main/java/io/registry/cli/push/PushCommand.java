package io.registry.cli.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.cli.ApiCommand;
import io.registry.cli.CliContext;
import io.registry.cli.CliFailure;
import io.registry.cli.ExitCode;
import io.registry.cli.Json;
import io.registry.cli.api.ApiAnswer;
import io.registry.cli.api.Progress;
import io.registry.cli.api.RegistryApi;
import io.registry.cli.api.SignedUrls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code registry push DIR|FILE --entity E}: the whole publish in one command. A directory is packed into a
 * reproducible {@code .tgz} and its {@code source_hash} computed over the tree ({@link SourceTree}); a file is pushed
 * as it is, its {@code source_hash} being {@code sha256:} + the hex SHA-256 of its bytes. Then: upload URL, PUT,
 * confirm. A source the entity already has as a confirmed version is not uploaded again ("unchanged", exit 0)
 * unless {@code --force}.
 */
@Command(name = "push", sortOptions = false,
        description = {"Publish a directory (packed into a reproducible .tgz) or a file (as it is) as a new version.",
                "A source identical to a confirmed version's prints \"unchanged: existing version ID\" and exits 0."})
public final class PushCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "DIR|FILE", description = "A directory to pack, or a package file to push as is.")
    Path source;

    @Option(names = {"-e", "--entity"}, required = true, paramLabel = "ENTITY", description = "The entity (package) id.")
    String entityId;

    @Option(names = "--version", paramLabel = "ID",
            description = "The version id, YYYY.MM.DD-HHMMSS (default: now, in UTC).")
    String versionId;

    @Option(names = "--base", paramLabel = "ID|active",
            description = "The version this one is built on (lineage); `active`: the entity's active version.")
    String base;

    @Option(names = "--activate", description = "Make the new version the active one.")
    boolean activate;

    @Option(names = "--force", description = "Publish even when a confirmed version has the same source_hash.")
    boolean force;

    @Option(names = "--lockfile", paramLabel = "FILE", description = "A lockfile to upload with the package.")
    Path lockfile;

    @Option(names = "--release", paramLabel = "release.json",
            description = "Release metadata: a JSON object with any of description, icon_url, inputs, outputs, "
                    + "links, properties, tags, service_dependencies.")
    Path release;

    public PushCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws IOException {
        boolean directory = Files.isDirectory(source);
        if (!directory && !Files.isRegularFile(source)) {
            throw CliFailure.usage(source + " is neither a directory nor a file");
        }
        if (lockfile != null && !Files.isRegularFile(lockfile)) {
            throw CliFailure.usage("--lockfile " + lockfile + " is not a file");
        }
        ObjectNode releaseFields = release == null ? Json.MAPPER.createObjectNode() : ReleaseFile.read(release);
        JsonNode packageJson = directory ? ReleaseFile.packageJson(source) : null;
        String version = versionId != null ? versionId : VersionIds.at(context.clock().instant());

        Path workspace = Files.createTempDirectory("registry-push-");
        try {
            Upload upload = directory ? pack(workspace) : asIs();
            return publish(version, upload, packageJson, releaseFields);
        } finally {
            try (var files = Files.list(workspace)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(workspace);
        }
    }

    /** The package file to upload, its source_hash and the SHA-256 of its bytes. */
    private record Upload(Path file, long sizeBytes, String sourceHash, String sha256) {
    }

    private Upload pack(Path workspace) throws IOException {
        SourceTree tree = SourceTree.scan(source);
        SourceTree.Packed packed = tree.packTo(workspace.resolve("package.tgz"));
        context.err().printf("packed %s: %d entries, %s, source_hash %s%n", source, tree.entries().size(),
                Progress.bytes(packed.sizeBytes()), tree.sourceHash());
        return new Upload(packed.file(), packed.sizeBytes(), tree.sourceHash(), packed.sha256());
    }

    private Upload asIs() throws IOException {
        String sha256 = SourceTree.sha256(source);
        return new Upload(source, Files.size(source), "sha256:" + sha256, sha256);
    }

    private int publish(String version, Upload upload, JsonNode packageJson, ObjectNode releaseFields) {
        RegistryApi api = api();
        String baseVersionId = "active".equals(base) ? activeVersion(api) : base;

        Map<String, Object> request = new LinkedHashMap<>();
        request.put("version", version);
        request.put("source_hash", upload.sourceHash());
        if (baseVersionId != null) {
            request.put("base_version_id", baseVersionId);
        }
        request.put("force", force);
        ApiAnswer ticketAnswer = api.command(entityId, "POST",
                RegistryApi.entityPath(entityId, "versions", "upload-url"), request);
        JsonNode ticket = ticketAnswer.json();
        if ("existing".equals(Json.text(ticket, "status"))) {
            String existing = Json.text(ticket, "version");
            if (activate) {
                context.err().printf("note: nothing was activated; `registry activate %s %s` makes it the active one%n",
                        entityId, existing);
            }
            return show(ticketAnswer, () -> out().println("unchanged: existing version " + existing));
        }

        SignedUrls.put(context, Json.text(ticket, "upload_url"), upload.file(), "package");
        if (lockfile != null) {
            SignedUrls.put(context, Json.text(ticket, "lockfile_upload_url"), lockfile, "lockfile");
        }

        Map<String, Object> confirm = new LinkedHashMap<>();
        confirm.put("storage_path", Json.text(ticket, "storage_path"));
        confirm.put("version", version);
        confirm.put("source_hash", upload.sourceHash());
        confirm.put("file_size_bytes", upload.sizeBytes());
        if (lockfile != null) {
            confirm.put("package_lock_path", Json.text(ticket, "package_lock_path"));
        }
        if (packageJson != null) {
            confirm.put("package_json", packageJson);
        }
        confirm.put("set_as_active", activate);
        confirm.put("force", force);
        releaseFields.properties().forEach(field -> confirm.put(field.getKey(), field.getValue()));
        ApiAnswer confirmedAnswer = api.command(entityId, "POST",
                RegistryApi.entityPath(entityId, "versions", "confirm"), confirm);
        JsonNode confirmed = confirmedAnswer.json();

        String stored = Json.text(confirmed, "package_sha256");
        if (stored != null && !stored.equals(upload.sha256())) {
            throw new CliFailure(ExitCode.UNAVAILABLE, "version " + version + " was confirmed, but the registry stored "
                    + "other bytes than this push uploaded (package_sha256 " + stored + ", uploaded " + upload.sha256()
                    + "): someone wrote to the upload URL meanwhile; archive it and push again");
        }
        return show(confirmedAnswer, () -> {
            out().printf("pushed %s %s (version %s, %s, sha256 %s)%s%n", entityId, Json.text(confirmed, "id"),
                    Json.text(confirmed, "version"), Progress.bytes(upload.sizeBytes()), stored,
                    confirmed.path("active").asBoolean() ? ", active" : "");
        });
    }

    private String activeVersion(RegistryApi api) {
        JsonNode active = api.read(entityId, RegistryApi.entityPath(entityId, "versions", "active"), Map.of()).json();
        return Json.text(active, "id");
    }
}

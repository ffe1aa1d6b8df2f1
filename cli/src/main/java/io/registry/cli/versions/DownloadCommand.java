package io.registry.cli.versions;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * {@code registry download E V}: fetches the version's package through its signed URL and checks the bytes against
 * the {@code package_sha256} the registry recorded at confirm. They are written to a temporary file beside the target
 * and moved over it only once they match: a mismatch leaves no file (and exits 5).
 */
@Command(name = "download", description = {"Download a version's package and verify its SHA-256 against package_sha256.",
        "A mismatch is an error (exit 5) and leaves no file."})
public final class DownloadCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ENTITY")
    String entityId;

    @Parameters(index = "1", paramLabel = "VERSION", description = "A version id, or `active`.")
    String version;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write it (default: ENTITY-VERSION.tgz).")
    Path target;

    public DownloadCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws IOException {
        String versionId = Versions.resolve(api(), entityId, version);
        ApiAnswer answer = api().read(entityId, RegistryApi.entityPath(entityId, "versions", versionId, "download"),
                Map.of());
        JsonNode download = answer.json();
        Path file = (target != null ? target : Path.of(entityId + "-" + versionId + ".tgz")).toAbsolutePath();
        if (Files.isDirectory(file)) {
            throw CliFailure.usage(file + " is a directory");
        }
        Files.createDirectories(file.getParent());
        Path partial = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".part");
        try {
            SignedUrls.Downloaded downloaded = SignedUrls.get(context, Json.text(download, "download_url"), partial,
                    download.path("file_size_bytes").asLong(), "package");
            String recorded = Json.text(download, "package_sha256");
            if (recorded == null) {
                context.err().printf("note: %s %s was confirmed before the registry recorded digests: not verified%n",
                        entityId, versionId);
            } else if (!recorded.equalsIgnoreCase(downloaded.sha256())) {
                throw new CliFailure(ExitCode.UNAVAILABLE, "the downloaded package of " + entityId + " " + versionId
                        + " has SHA-256 " + downloaded.sha256() + ", the registry recorded " + recorded
                        + ": not written to " + file);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return show(answer, () -> {
                out().printf("downloaded %s %s to %s (%s%s)%n", entityId, versionId, file,
                        Progress.bytes(downloaded.sizeBytes()),
                        recorded == null ? ", not verified" : ", sha256 " + recorded + " verified");
            });
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}

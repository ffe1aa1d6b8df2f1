package io.registry.query.listing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.registry.access.Caller;
import io.registry.api.consistency.ConsistencyToken;
import io.registry.api.request.ValidEntityId;
import io.registry.query.read.EntityReads;
import io.registry.query.read.EntityReads.OpenedEntity;
import io.registry.query.readmodel.ReadModelStore;
import io.registry.query.readmodel.VersionDocument;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * {@code GET /zones/{zone_id}/packages/{package_id}/versions/export}: every version of a package in one response, for
 * clients that want them all (mirrors, caches, analytics) without a hundred page requests. NDJSON: one
 * {@link PackageVersion} per line, exactly as the listing shows it, newest first; gzip when the client accepts it
 * ({@code server.compression}). The ETag is the package's sequence (weak: the gzip and the plain bytes are the same
 * content), so a client that has the current export gets a 304 for {@code If-None-Match}.
 *
 * <p>The versions are read in chunks of {@link #CHUNK} with the listing's own search and written as each chunk comes,
 * so memory does not grow with the package. An error after the first line can only cut the response short (the status
 * is sent); the last line is then incomplete and the chunked body unterminated, which HTTP clients report.
 */
@RestController
public class VersionExportController {

    public static final String NDJSON = "application/x-ndjson";
    static final int CHUNK = 1_000;

    private final EntityReads reads;
    private final ReadModelStore store;
    private final ObjectWriter lines;

    public VersionExportController(EntityReads reads, ReadModelStore store, ObjectMapper mapper) {
        this.reads = reads;
        this.store = store;
        // a newline between values (and one after the last, below); the response's stream stays open for the container
        this.lines = mapper.writerFor(PackageVersion.class).withRootValueSeparator("\n")
                .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    @GetMapping(value = "/zones/{zone_id}/packages/{package_id}/versions/export", produces = NDJSON)
    @ApiResponse(responseCode = "200", description = "Every version of the package, newest first, one JSON object per"
            + " line (NDJSON), each as the listing's items show it; gzip-encoded when the request accepts gzip",
            content = @Content(mediaType = NDJSON, schema = @Schema(implementation = PackageVersion.class)))
    @ApiResponse(responseCode = "304", description = "If-None-Match names the current ETag: the package has not"
            + " changed since that export")
    public void export(@PathVariable("zone_id") @ValidEntityId String zoneId,
                       @PathVariable("package_id") @ValidEntityId String packageId,
                       @RequestHeader(value = ConsistencyToken.HEADER, required = false) String consistencyToken,
                       @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                       Caller caller, ServletWebRequest request, HttpServletResponse response) throws IOException {
        OpenedEntity read = reads.openInZone(caller, zoneId, packageId, consistencyToken);
        String etag = "W/\"" + read.entity().lastSequence() + "\"";
        if (request.checkNotModified(etag)) {
            return;
        }
        // The ETag names the package's last event; searches see versions only after a refresh, so one is made now:
        // an export must never carry the tag of a state it does not show.
        store.refreshVersions();
        read.ok().build().getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        response.setContentType(NDJSON);
        response.setCharacterEncoding("UTF-8");
        OutputStream out = response.getOutputStream();
        Integer olderThan = null;
        try (SequenceWriter writer = lines.writeValues(out)) {
            List<VersionDocument> chunk;
            do {
                chunk = store.versionPage(packageId, olderThan, null, CHUNK).items();
                for (VersionDocument version : chunk) {
                    writer.write(PackageVersion.of(version));
                }
                if (!chunk.isEmpty()) {
                    olderThan = chunk.get(chunk.size() - 1).versionNumber();
                }
            } while (chunk.size() == CHUNK);
        }
        if (olderThan != null) {
            out.write('\n');
        }
    }
}

package io.registry.query.listing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * so memory does not grow with the package; exports up to {@link #MAX_KEPT_BYTES} are also kept (see {@code recent}).
 * An error after the first line can only cut the response short (the status is sent); the last line is then
 * incomplete and the chunked body unterminated, which HTTP clients report.
 */
@RestController
public class VersionExportController {

    public static final String NDJSON = "application/x-ndjson";
    static final int CHUNK = 1_000;

    /** Exports kept in memory, by package and sequence (what the ETag names): at most this many bytes in all. */
    static final long MAX_CACHED_BYTES = 16L * 1024 * 1024;
    /** Larger exports are streamed every time, never kept. */
    static final int MAX_KEPT_BYTES = 8 * 1024 * 1024;

    private final EntityReads reads;
    private final ReadModelStore store;
    private final ObjectWriter lines;
    /**
     * Recent exports, as sent. A package's export is the same bytes for as long as its sequence stays the same (the
     * sequence is what the ETag names), so a package many clients mirror is read from Elasticsearch once per change.
     */
    private final Cache<String, byte[]> recent = Caffeine.newBuilder().maximumWeight(MAX_CACHED_BYTES)
            .weigher((String key, byte[] bytes) -> bytes.length).build();

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
        read.ok().build().getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        response.setContentType(NDJSON);
        response.setCharacterEncoding("UTF-8");
        String cacheKey = packageId + "@" + read.entity().lastSequence();
        byte[] cached = recent.getIfPresent(cacheKey);
        if (cached != null) {
            response.getOutputStream().write(cached);
            return;
        }
        // The ETag names the package's last event; searches see versions only after a refresh, so one is made now:
        // an export must never carry the tag of a state it does not show.
        store.refreshVersions();
        KeepingCopy out = new KeepingCopy(response.getOutputStream(), MAX_KEPT_BYTES);
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
        byte[] copy = out.copy();
        if (copy != null) {
            recent.put(cacheKey, copy);
        }
    }

    /** The response's stream, and a copy of what went through it while that stays within a bound. */
    private static final class KeepingCopy extends java.io.FilterOutputStream {

        private final int limit;
        private java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();

        KeepingCopy(OutputStream out, int limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            keep(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            keep(b, off, len);
        }

        private void keep(byte[] b, int off, int len) {
            if (copy != null && copy.size() + len <= limit) {
                copy.write(b, off, len);
            } else {
                copy = null;
            }
        }

        /** Everything written, or null when it went beyond the bound. */
        byte[] copy() {
            return copy == null ? null : copy.toByteArray();
        }

        @Override
        public void close() {
            // the container finishes the response
        }
    }
}

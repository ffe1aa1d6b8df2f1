package io.registry.command.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.MapperFeature;
import io.registry.events.ReleaseMetadata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest_sha}: the lowercase hex SHA-256 of the canonical JSON (keys sorted at every level, no
 * whitespace, nulls kept) of the object {@code {entity_id, version_id, source_hash, base_version_id,
 * storage_path, file_size_bytes, package_sha256, package_lock_path, lockfile_sha256, service_dependencies,
 * package_json, release}}, so it covers the released bytes through their digests. Anyone holding a version's
 * fields can recompute it. (Versions confirmed before the digests existed were computed without the two
 * digest keys; their stored {@code manifest_sha} is kept as it was.)
 */
public final class ManifestSha {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private ManifestSha() {
    }

    public static String of(String entityId, String versionId, String sourceHash, String baseVersionId,
                            String storagePath, long fileSizeBytes, String packageSha256, String packageLockPath,
                            String lockfileSha256, List<String> serviceDependencies, Object packageJson,
                            ReleaseMetadata release) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("entity_id", entityId);
        manifest.put("version_id", versionId);
        manifest.put("source_hash", sourceHash);
        manifest.put("base_version_id", baseVersionId);
        manifest.put("storage_path", storagePath);
        manifest.put("file_size_bytes", fileSizeBytes);
        manifest.put("package_sha256", packageSha256);
        manifest.put("package_lock_path", packageLockPath);
        manifest.put("lockfile_sha256", lockfileSha256);
        manifest.put("service_dependencies", serviceDependencies);
        manifest.put("package_json", CANONICAL.convertValue(packageJson, Object.class));
        manifest.put("release", CANONICAL.convertValue(release, Object.class));
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(CANONICAL.convertValue(manifest, Object.class));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot compute manifest sha", e);
        }
    }

    static String canonicalJsonForTests(Object value) throws JsonProcessingException {
        return new String(CANONICAL.writeValueAsBytes(CANONICAL.convertValue(value, Object.class)), StandardCharsets.UTF_8);
    }
}

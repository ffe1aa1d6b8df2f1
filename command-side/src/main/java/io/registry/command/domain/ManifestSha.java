package io.registry.command.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.MapperFeature;
import io.registry.events.ReleaseMetadata;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code manifest_sha}: the lowercase hex SHA-256 of the canonical JSON (keys sorted at every level, no
 * whitespace, nulls kept) of the object {@code {entity_id, version_id, source_hash, base_version_id,
 * storage_path, file_size_bytes, package_sha256, package_lock_path, lockfile_sha256, service_dependencies,
 * package_json, release}}, so it covers the released bytes through their digests. Anyone holding a version's
 * fields can recompute it. The keys are the contract's names ({@code package_lock_path} is the manifest's
 * {@code lockfilePath}). (Versions confirmed before the digests existed were computed without the two
 * digest keys; their stored {@code manifest_sha} is kept as it was.)
 */
public final class ManifestSha {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private ManifestSha() {
    }

    public static String of(Manifest manifest) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("entity_id", manifest.entityId());
        canonical.put("version_id", manifest.versionId());
        canonical.put("source_hash", manifest.sourceHash());
        canonical.put("base_version_id", manifest.baseVersionId());
        canonical.put("storage_path", manifest.storagePath());
        canonical.put("file_size_bytes", manifest.fileSizeBytes());
        canonical.put("package_sha256", manifest.packageSha256());
        canonical.put("package_lock_path", manifest.lockfilePath());
        canonical.put("lockfile_sha256", manifest.lockfileSha256());
        canonical.put("service_dependencies", manifest.serviceDependencies());
        canonical.put("package_json", CANONICAL.convertValue(manifest.packageJson(), Object.class));
        canonical.put("release", CANONICAL.convertValue(manifest.release(), Object.class));
        try {
            byte[] json = CANONICAL.writeValueAsBytes(CANONICAL.convertValue(canonical, Object.class));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot compute manifest sha", e);
        }
    }
}

package io.registry.api.storage;

import java.util.regex.Pattern;

/**
 * Where objects live in the bucket.
 *
 * <ul>
 *   <li>Staging: {@code uploads/<entity>/<version>/<upload>/package.tgz} and {@code .../package-lock.json}, one
 *       folder per upload request ({@code upload} is a random id), the only keys an upload URL ever writes.</li>
 *   <li>Released: {@code blobs/sha256/<digest>}, content-addressed. Confirm reads the staged bytes once, digests them
 *       and writes them here; no URL handed to a client can write these keys, so released bytes never change, and
 *       identical packages are stored once.</li>
 *   <li>Before staging existed, versions were uploaded to (and served from) {@code entities/<entity>/versions/<version>/...};
 *       such paths are still accepted at confirm for an upload requested under that scheme.</li>
 * </ul>
 */
public final class StoragePaths {

    public static final String PACKAGE_FILE = "package.tgz";
    public static final String LOCKFILE_FILE = "package-lock.json";

    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{16,32}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private StoragePaths() {
    }

    public static String stagingPackagePath(String entityId, String versionId, String uploadId) {
        return stagingFolder(entityId, versionId, uploadId) + PACKAGE_FILE;
    }

    public static String stagingLockfilePath(String entityId, String versionId, String uploadId) {
        return stagingFolder(entityId, versionId, uploadId) + LOCKFILE_FILE;
    }

    /** The released (immutable) key of content with this lowercase hex SHA-256. */
    public static String releasedBlob(String sha256Hex) {
        if (!SHA256_HEX.matcher(sha256Hex).matches()) {
            throw new IllegalArgumentException("not a lowercase hex SHA-256: " + sha256Hex);
        }
        return "blobs/sha256/" + sha256Hex;
    }

    /**
     * Whether {@code path} has the shape of a path upload-url issues for this entity and version and file (staging,
     * or the earlier per-version scheme). Nothing else is ever read at confirm: no traversal, no other entity's keys.
     */
    public static boolean isIssuedShape(String path, String entityId, String versionId, String file) {
        if (path == null) {
            return false;
        }
        String staging = "uploads/" + entityId + "/" + versionId + "/";
        if (path.startsWith(staging) && path.endsWith("/" + file)) {
            String uploadId = path.substring(staging.length(), path.length() - file.length() - 1);
            return UPLOAD_ID.matcher(uploadId).matches();
        }
        return path.equals("entities/" + entityId + "/versions/" + versionId + "/" + file);
    }

    /**
     * Whether {@code path} is a staging key (under {@code uploads/}), which may be deleted once its upload is confirmed
     * or expired. Paths of the earlier per-version scheme are never deleted: a version confirmed under that scheme
     * is served from its upload path.
     */
    public static boolean isStaging(String path) {
        return path != null && path.startsWith("uploads/");
    }

    private static String stagingFolder(String entityId, String versionId, String uploadId) {
        if (!UPLOAD_ID.matcher(uploadId).matches()) {
            throw new IllegalArgumentException("not an upload id: " + uploadId);
        }
        return "uploads/" + entityId + "/" + versionId + "/" + uploadId + "/";
    }
}

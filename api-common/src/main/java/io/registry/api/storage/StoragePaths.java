package io.registry.api.storage;

/** Where a version's objects live in the bucket: one folder per entity and version. */
public final class StoragePaths {

    private StoragePaths() {
    }

    public static String packagePath(String entityId, String versionId) {
        return "entities/" + entityId + "/versions/" + versionId + "/package.tgz";
    }

    public static String lockfilePath(String entityId, String versionId) {
        return "entities/" + entityId + "/versions/" + versionId + "/package-lock.json";
    }
}

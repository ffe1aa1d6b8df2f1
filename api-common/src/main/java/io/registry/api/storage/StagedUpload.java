package io.registry.api.storage;

/**
 * What confirm found at a staging key. {@code storedSize} is null when nothing is stored there; {@code sha256} (lowercase
 * hex) is set only when the object had the expected size and its bytes are now released under
 * {@link StoragePaths#releasedBlob(String)}.
 */
public record StagedUpload(Long storedSize, String sha256) {

    public static final StagedUpload MISSING = new StagedUpload(null, null);

    public boolean released() {
        return sha256 != null;
    }
}

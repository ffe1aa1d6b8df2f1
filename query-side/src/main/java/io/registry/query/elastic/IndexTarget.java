package io.registry.query.elastic;

/** Where a projection writes: the live aliases, or the new indices of a rebuild. */
public record IndexTarget(String versions, String entities) {

    public static IndexTarget live(ReadModelIndices indices) {
        return new IndexTarget(indices.versions(), indices.entities());
    }
}

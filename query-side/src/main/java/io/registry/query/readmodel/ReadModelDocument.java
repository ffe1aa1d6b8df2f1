package io.registry.query.readmodel;

/** What the store needs of every read-model document. */
public interface ReadModelDocument {

    /** The document's id in its index. */
    String docId();

    /**
     * The sequence, in its entity, of the last event that changed the document ({@code last_sequence}). It is written
     * as the document's external version, so the store keeps the newest write whatever order writes arrive in.
     */
    long lastSequence();
}

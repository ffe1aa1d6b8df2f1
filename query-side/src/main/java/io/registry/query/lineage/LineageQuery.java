package io.registry.query.lineage;

import io.registry.query.readmodel.ReadModelStore;
import io.registry.query.readmodel.VersionDocument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Lineage through {@code base_version_id}, answered from the lineage fields of the versions read model:
 * the ancestors are one multi-get of the ids the document lists, the descendants one query on
 * {@code ancestors}, bounded in depth and count.
 */
public class LineageQuery {

    private final ReadModelStore store;

    public LineageQuery(ReadModelStore store) {
        this.store = store;
    }

    public Lineage of(VersionDocument version, int maxDepth, int maxDescendants) {
        String entityId = version.entityId();
        String versionId = version.versionId();
        List<String> ancestorIds = version.ancestors();
        boolean ancestorsTruncated = ancestorIds.size() > maxDepth;
        List<String> nearest = ancestorIds.subList(Math.max(0, ancestorIds.size() - maxDepth), ancestorIds.size());
        List<VersionDocument> ancestors = new ArrayList<>(store.versions(entityId, nearest));
        Collections.reverse(ancestors);

        int deepest = version.depth() + maxDepth;
        List<VersionDocument> descendants = store.descendants(entityId, versionId, null, deepest, maxDescendants + 1);
        boolean descendantsTruncated = descendants.size() > maxDescendants;
        if (descendantsTruncated) {
            descendants = descendants.subList(0, maxDescendants);
        }
        boolean deeperExists = !descendantsTruncated
                && !store.descendants(entityId, versionId, deepest, null, 1).isEmpty();
        return new Lineage(LineageNode.of(version), ancestors.stream().map(LineageNode::of).toList(),
                ancestorsTruncated, children(versionId, descendants), descendants.size(),
                descendantsTruncated || deeperExists, maxDepth, maxDescendants);
    }

    /** The descendants (sorted by depth) based directly on {@code baseVersionId}, each with its own children. */
    private static List<LineageNode> children(String baseVersionId, List<VersionDocument> descendants) {
        List<LineageNode> children = new ArrayList<>();
        for (VersionDocument descendant : descendants) {
            if (baseVersionId.equals(descendant.baseVersionId())) {
                children.add(LineageNode.withChildren(descendant, children(descendant.versionId(), descendants)));
            }
        }
        return children;
    }
}

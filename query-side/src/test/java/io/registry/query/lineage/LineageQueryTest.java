package io.registry.query.lineage;

import io.registry.query.ReadModelFixture;
import io.registry.query.readmodel.VersionDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.registry.query.Events.ENTITY;
import static io.registry.query.Events.V1;
import static io.registry.query.Events.V2;
import static io.registry.query.Events.V3;
import static io.registry.query.Events.V4;
import static io.registry.query.Events.aVersionConfirmed;
import static io.registry.query.Events.anEntityCreated;
import static org.assertj.core.api.Assertions.assertThat;

/** Lineage of {@code V1 <- V2 <- V3} and {@code V1 <- V4}: ancestors nearest first, descendants as a tree. */
class LineageQueryTest {

    private final ReadModelFixture readModel = new ReadModelFixture();
    private final LineageQuery lineage = new LineageQuery(readModel.store);

    @BeforeEach
    void aTreeOfVersions() {
        readModel.given(anEntityCreated(), aVersionConfirmed(V1, 1), aVersionConfirmed(V2, 2, V1),
                aVersionConfirmed(V3, 3, V2), aVersionConfirmed(V4, 4, V1));
    }

    private Lineage of(String versionId, int maxDepth, int maxDescendants) {
        VersionDocument version = readModel.store.version(ENTITY, versionId).orElseThrow();
        return lineage.of(version, maxDepth, maxDescendants);
    }

    private static List<String> ids(List<LineageNode> nodes) {
        return nodes.stream().map(LineageNode::versionId).toList();
    }

    @Test
    void ancestors_are_listed_nearest_first() {
        Lineage v3 = of(V3, 10, 100);

        assertThat(v3.requested().versionId()).isEqualTo(V3);
        assertThat(v3.requested().children()).isNull();
        assertThat(ids(v3.ancestors())).containsExactly(V2, V1);
        assertThat(v3.ancestors()).allSatisfy(node -> assertThat(node.children()).isNull());
        assertThat(v3.ancestorsTruncated()).isFalse();
        assertThat(v3.descendants()).isEmpty();
        assertThat(v3.descendantCount()).isZero();
    }

    @Test
    void ancestors_beyond_depth_are_cut_and_said_so() {
        Lineage v3 = of(V3, 1, 100);

        assertThat(ids(v3.ancestors())).containsExactly(V2);
        assertThat(v3.ancestorsTruncated()).isTrue();
        assertThat(v3.maxDepth()).isEqualTo(1);
    }

    @Test
    void descendants_form_a_tree_under_their_base_versions() {
        Lineage v1 = of(V1, 10, 100);

        assertThat(ids(v1.descendants())).containsExactly(V2, V4);
        assertThat(ids(v1.descendants().get(0).children())).containsExactly(V3);
        assertThat(v1.descendants().get(0).children().get(0).children()).isEmpty();
        assertThat(v1.descendants().get(1).children()).isEmpty();
        assertThat(v1.descendantCount()).isEqualTo(3);
        assertThat(v1.descendantsTruncated()).isFalse();
        assertThat(v1.requested().depth()).isZero();
    }

    @Test
    void descendants_beyond_the_limit_are_cut_and_said_so() {
        Lineage v1 = of(V1, 10, 2);

        assertThat(ids(v1.descendants())).containsExactly(V2, V4);
        assertThat(v1.descendantCount()).isEqualTo(2);
        assertThat(v1.descendantsTruncated()).isTrue();
        assertThat(v1.maxDescendants()).isEqualTo(2);
    }

    @Test
    void descendants_deeper_than_depth_are_cut_and_said_so() {
        Lineage v1 = of(V1, 1, 100);

        assertThat(ids(v1.descendants())).containsExactly(V2, V4);
        assertThat(v1.descendants().get(0).children()).isEmpty();
        assertThat(v1.descendantsTruncated()).isTrue();
    }

    @Test
    void depth_counts_from_the_version_asked_about() {
        Lineage v2 = of(V2, 1, 100);

        assertThat(ids(v2.descendants())).containsExactly(V3);
        assertThat(v2.descendantsTruncated()).isFalse();
    }
}

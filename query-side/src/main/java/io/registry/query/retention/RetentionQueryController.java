package io.registry.query.retention;

import io.registry.access.Caller;
import io.registry.api.consistency.ConsistencyToken;
import io.registry.api.request.ValidEntityId;
import io.registry.api.resource.RetentionResource;
import io.registry.events.RetentionPolicy;
import io.registry.query.read.EntityReads;
import io.registry.query.read.EntityReads.OpenedEntity;
import io.registry.query.read.ReadYourWrites.Reads;
import io.registry.query.readmodel.EntityDocument;
import io.registry.query.readmodel.ReadModelStore;
import io.registry.query.readmodel.VersionDocument;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An entity's retention policy and its dry run, open to every reader of the entity. The preview applies the same rule
 * ({@link RetentionPolicy#dueForArchiving}) the entity applies when the retention job asks it, to the read model.
 */
@RestController
public class RetentionQueryController {

    private static final int PAGE = 100;

    private final EntityReads reads;
    private final ReadModelStore store;
    private final Clock clock;

    public RetentionQueryController(EntityReads reads, ReadModelStore store, Clock clock) {
        this.reads = reads;
        this.store = store;
        this.clock = clock;
    }

    @GetMapping("/api/entities/{entityId}/retention")
    public ResponseEntity<RetentionResource> retention(@PathVariable @ValidEntityId String entityId,
                                                       @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                                       Caller caller) {
        OpenedEntity read = reads.open(caller, entityId, token, Reads.BY_ID);
        return read.respond(RetentionResource.of(entityId, read.entity().retention()));
    }

    @GetMapping("/api/entities/{entityId}/retention/preview")
    public ResponseEntity<RetentionPreview> preview(@PathVariable @ValidEntityId String entityId,
                                                    @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                                    Caller caller) {
        OpenedEntity read = reads.open(caller, entityId, token, Reads.BY_SEARCH);
        EntityDocument entity = read.entity();
        RetentionPolicy policy = entity.retention();
        Instant now = clock.instant();
        Map<String, VersionDocument> versions = policy.hasRules() ? allVersions(entityId) : Map.of();
        List<RetentionPolicy.Candidate> candidates = versions.values().stream()
                .map(version -> new RetentionPolicy.Candidate(version.versionId(), version.versionNumber(),
                        version.createdAt(), version.archived(), entity.pins(version.versionId())))
                .toList();
        List<RetentionPreview.Item> due = policy.dueForArchiving(candidates, now).stream()
                .map(versionId -> RetentionPreview.Item.of(versions.get(versionId)))
                .toList();
        return read.respond(new RetentionPreview(entityId, policy.keepLatest(), policy.maxAgeDays(), now, due));
    }

    /**
     * Every version of the entity, by id: found page by page by search, then each page read again by id, since a search
     * sees documents as of the index's last refresh and a version archived or moved a moment ago must not show as due.
     */
    private Map<String, VersionDocument> allVersions(String entityId) {
        Map<String, VersionDocument> versions = new LinkedHashMap<>();
        Integer olderThan = null;
        while (true) {
            List<VersionDocument> found = store.versionPage(entityId, olderThan, null, PAGE).items();
            store.versions(entityId, found.stream().map(VersionDocument::versionId).toList())
                    .forEach(version -> versions.put(version.versionId(), version));
            if (found.size() < PAGE) {
                return versions;
            }
            olderThan = found.get(found.size() - 1).versionNumber();
        }
    }
}

package io.registry.query.channel;

import io.registry.access.Caller;
import io.registry.api.consistency.ConsistencyToken;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.api.request.ValidChannelName;
import io.registry.api.request.ValidEntityId;
import io.registry.api.resource.ChannelResource;
import io.registry.events.ChannelTarget;
import io.registry.query.read.EntityReads;
import io.registry.query.read.EntityReads.OpenedEntity;
import io.registry.query.read.ReadYourWrites.Reads;
import io.registry.query.readmodel.EntityDocument;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The reading routes of an entity's channels: open to every reader of the entity. */
@RestController
public class ChannelQueryController {

    /** The longest install key {@code resolve} takes. */
    public static final int MAX_KEY = 256;

    private final EntityReads reads;

    public ChannelQueryController(EntityReads reads) {
        this.reads = reads;
    }

    @GetMapping("/api/entities/{entityId}/channels")
    public ResponseEntity<ChannelList> channels(@PathVariable @ValidEntityId String entityId,
                                                @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                                Caller caller) {
        OpenedEntity read = reads.open(caller, entityId, token, Reads.BY_ID);
        EntityDocument entity = read.entity();
        List<ChannelResource> channels = entity.channels().entrySet().stream()
                .map(channel -> new ChannelResource(entity.entityId(), channel.getKey(), channel.getValue()))
                .toList();
        return read.respond(new ChannelList(entity.entityId(), channels));
    }

    @GetMapping("/api/entities/{entityId}/channels/{channel}")
    public ResponseEntity<ChannelResource> channel(@PathVariable @ValidEntityId String entityId,
                                                   @PathVariable @ValidChannelName String channel,
                                                   @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                                   Caller caller) {
        OpenedEntity read = reads.open(caller, entityId, token, Reads.BY_ID);
        return read.respond(new ChannelResource(entityId, channel, targets(read.entity(), channel)));
    }

    /**
     * The version an install gets: a channel on one version answers it; a split channel needs the install's
     * {@code key} and answers the version whose bucket range holds the key's bucket.
     */
    @GetMapping("/api/entities/{entityId}/channels/{channel}/resolve")
    public ResponseEntity<ChannelResolution> resolve(@PathVariable @ValidEntityId String entityId,
                                                     @PathVariable @ValidChannelName String channel,
                                                     @RequestParam(value = "key", required = false) String key,
                                                     @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                                     Caller caller) {
        if (key != null && key.length() > MAX_KEY) {
            throw ApiException.badRequest(List.of(new FieldViolation("key", "out_of_range",
                    "must be at most " + MAX_KEY + " characters")));
        }
        OpenedEntity read = reads.open(caller, entityId, token, Reads.BY_ID);
        List<ChannelTarget> targets = targets(read.entity(), channel);
        if (key == null) {
            if (targets.size() > 1) {
                throw ApiException.badRequest(List.of(new FieldViolation("key", "required",
                        "channel " + channel + " splits between two versions: give the install's key")));
            }
            return read.respond(new ChannelResolution(entityId, channel, null, null, targets.get(0).versionId()));
        }
        int bucket = StickyBuckets.bucket(entityId, channel, key);
        return read.respond(new ChannelResolution(entityId, channel, key, bucket,
                StickyBuckets.targetOf(targets, bucket).versionId()));
    }

    private static List<ChannelTarget> targets(EntityDocument entity, String channel) {
        List<ChannelTarget> targets = entity.channels().get(channel);
        if (targets == null) {
            throw ApiException.notFound("channel_not_found",
                    "Entity " + entity.entityId() + " has no channel " + channel + ".");
        }
        return targets;
    }
}

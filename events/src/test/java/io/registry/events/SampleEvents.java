package io.registry.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** One fully populated example of every event type, shared by the contract tests. */
public final class SampleEvents {

    static final Instant AT = Instant.parse("2024-06-10T15:30:42Z");

    private SampleEvents() {
    }

    public static List<EntityEvent> all() {
        return List.of(
                new EntityCreated("billing-api", "zone-eu", "Billing API", "Bills things", "https://icons.example/b.png",
                        OwnerType.CUSTOMER, "acme", Store.ORG, "alice", AT),
                new PublisherGranted("billing-api", "bob", "alice", AT),
                new PublisherRevoked("billing-api", "bob", "alice", AT),
                new EntityShared("billing-api", "carol", "alice", AT),
                new EntityUnshared("billing-api", "carol", "alice", AT),
                new StoreChanged("billing-api", Store.PUBLIC, Store.ORG, "alice", AT),
                new UploadRequested("billing-api", "2024.06.10-153042", "sha256:abc", "2024.06.01-120000",
                        "uploads/billing-api/2024.06.10-153042/6f1c2a9e0b7d4c3f/package.tgz",
                        "uploads/billing-api/2024.06.10-153042/6f1c2a9e0b7d4c3f/package-lock.json", false,
                        AT.plusSeconds(900), "alice", AT),
                new VersionConfirmed("billing-api", "2024.06.10-153042", 2, "sha256:abc", "2024.06.01-120000",
                        "uploads/billing-api/2024.06.10-153042/6f1c2a9e0b7d4c3f/package.tgz", 1234L,
                        "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                        "uploads/billing-api/2024.06.10-153042/6f1c2a9e0b7d4c3f/package-lock.json",
                        "7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730", List.of("postgres"),
                        json("{\"name\":\"billing-api\",\"version\":\"1.0.0\"}"), "9f86d081884c7d65", 
                        new ReleaseMetadata("Bills things", "https://icons.example/b.png",
                                json("{\"schema\":{\"type\":\"object\"},\"bindings\":\"{'region': pkg.inputs.region}\"}"),
                                json("{\"schema\":{\"type\":\"object\",\"properties\":{\"url\":{\"type\":\"string\"}}},\"bindings\":\"{'url': entities.api.href}\"}"),
                                json("[{\"href\":\"https://docs.example\",\"rel\":\"docs\"}]"),
                                json("{\"urn:registry:team\":\"payments\"}"), List.of("billing")),
                        "alice", AT),
                new ActiveVersionChanged("billing-api", "2024.06.10-153042", "2024.06.01-120000", "alice", AT),
                new VersionArchived("billing-api", "2024.06.01-120000", VersionArchived.BY_RETENTION, AT,
                        new RetentionPolicy(5, 90)),
                new UploadExpired("billing-api", "2024.06.11-090000",
                        "uploads/billing-api/2024.06.11-090000/0c9e4d5a7b3f1e28/package.tgz",
                        "uploads/billing-api/2024.06.11-090000/0c9e4d5a7b3f1e28/package-lock.json", AT),
                new ChannelSet("billing-api", "beta",
                        List.of(new ChannelTarget("2024.06.01-120000", 90), new ChannelTarget("2024.06.10-153042", 10)),
                        List.of(new ChannelTarget("2024.06.01-120000", 100)), "alice", AT),
                new ChannelRemoved("billing-api", "beta", List.of(new ChannelTarget("2024.06.10-153042", 100)),
                        "alice", AT),
                new RetentionPolicySet("billing-api", new RetentionPolicy(5, 90), "alice", AT));
    }

    static JsonNode json(String text) {
        try {
            return EventJson.mapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.registry.access;

import io.registry.events.OwnerType;
import io.registry.events.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AccessPolicyTest {

    private static Caller caller(String who) {
        return switch (who) {
            case "publisher" -> new Caller("pat", "acme", Set.of());
            case "shared" -> new Caller("sam", "other", Set.of());
            case "member" -> new Caller("mia", "acme", Set.of());
            case "outsider" -> new Caller("olga", "other", Set.of());
            case "admin" -> new Caller("ada", "platform-team", Set.of("admin"));
            default -> throw new IllegalArgumentException(who);
        };
    }

    private static EntityAccess entity(OwnerType owner, Store store) {
        return new EntityAccess(owner, "acme", store, Set.of("pat"), Set.of("sam"));
    }

    @ParameterizedTest(name = "{0} on a {1} entity in store {2}: read={3} publish={4}")
    @CsvSource({
            "publisher, CUSTOMER, PRIVATE, true,  true",
            "shared,    CUSTOMER, PRIVATE, true,  false",
            "member,    CUSTOMER, PRIVATE, false, false",
            "outsider,  CUSTOMER, PRIVATE, false, false",
            "admin,     CUSTOMER, PRIVATE, true,  true",
            "member,    CUSTOMER, ORG,     true,  false",
            "outsider,  CUSTOMER, ORG,     false, false",
            "outsider,  CUSTOMER, PUBLIC,  true,  false",
            "member,    CUSTOMER, PUBLIC,  true,  false",
            "publisher, PLATFORM, PRIVATE, true,  false",
            "admin,     PLATFORM, PRIVATE, true,  true",
            "outsider,  PLATFORM, PUBLIC,  true,  false",
    })
    void access_matrix(String who, OwnerType owner, Store store, boolean read, boolean publish) {
        EntityAccess entity = entity(owner, store);
        assertThat(AccessPolicy.canRead(caller(who), entity)).isEqualTo(read);
        assertThat(AccessPolicy.canPublish(caller(who), entity)).isEqualTo(publish);
    }

    @ParameterizedTest
    @CsvSource({"publisher, PLATFORM, false", "admin, PLATFORM, true", "outsider, CUSTOMER, true"})
    void only_admins_create_platform_entities(String who, OwnerType owner, boolean allowed) {
        assertThat(AccessPolicy.canCreate(caller(who), owner)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} creating for {1}: allowed={2}")
    @CsvSource({"member, acme, true", "member, other, false", "outsider, acme, false", "admin, acme, true",
            "admin, other, true"})
    void only_admins_create_for_another_organization(String who, String organizationId, boolean allowed) {
        assertThat(AccessPolicy.canCreateFor(caller(who), organizationId)).isEqualTo(allowed);
    }

    @Test
    void a_caller_without_an_organization_creates_for_none() {
        assertThat(AccessPolicy.canCreateFor(new Caller("nia", null, Set.of()), "acme")).isFalse();
    }

    @Test
    void the_read_scope_of_a_caller_is_what_a_search_filters_by() {
        assertThat(AccessPolicy.readScope(caller("admin"))).isEqualTo(new ReadScope(true, "ada", "platform-team"));
        assertThat(AccessPolicy.readScope(caller("member"))).isEqualTo(new ReadScope(false, "mia", "acme"));
        ReadScope noOrganization = AccessPolicy.readScope(new Caller("nia", null, Set.of()));
        assertThat(noOrganization.admits(new EntityAccess(OwnerType.CUSTOMER, null, Store.ORG, Set.of(), Set.of())))
                .as("an org store without an organization is no one's").isFalse();
    }
}

package io.registry.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventCatalogTest {

    @Test
    void every_event_type_has_a_frozen_name_that_is_not_its_class_name() {
        assertThat(EventCatalog.eventTypes()).hasSize(EntityEvent.class.getPermittedSubclasses().length);
        for (Class<? extends EntityEvent> type : EventCatalog.eventTypes()) {
            EventType descriptor = EventCatalog.descriptorOf(type);
            assertThat(descriptor.name()).startsWith("registry.").doesNotContain(type.getSimpleName());
            assertThat(descriptor.revision()).isNotBlank();
            assertThat(EventCatalog.typeNamed(descriptor.name())).contains(type);
        }
    }

    @Test
    void samples_cover_every_event_type() {
        assertThat(SampleEvents.all()).extracting(Object::getClass)
                .containsExactlyInAnyOrderElementsOf(EventCatalog.eventTypes());
    }
}

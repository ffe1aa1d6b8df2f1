package io.registry.events;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Pins the exact JSON bytes of every event type: the event store and Kafka consumers depend on them.
 * A change here needs a new revision and an upcaster, then {@code -Dapprove=true} to accept the new form.
 */
class EventJsonApprovalTest {

    private static final Path APPROVED = Path.of("src/test/resources/approved");

    static Stream<EntityEvent> events() {
        return SampleEvents.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void json_of_each_event_type_is_pinned(EntityEvent event) throws IOException {
        EventType type = EventCatalog.descriptorOf(event.getClass());
        String received = EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(event) + "\n";
        Path approved = APPROVED.resolve(type.name() + ".v" + type.revision() + ".json");
        if (Boolean.getBoolean("approve")) {
            Files.createDirectories(APPROVED);
            Files.writeString(approved, received, StandardCharsets.UTF_8);
        }
        if (!Files.exists(approved)) {
            fail("No approved JSON for " + type.name() + "; run with -Dapprove=true after reviewing:\n" + received);
        }
        assertThat(received).isEqualTo(Files.readString(approved, StandardCharsets.UTF_8));
        assertThat(EventJson.mapper().readValue(received, event.getClass())).isEqualTo(event);
    }
}

package io.registry.command.web;

import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CommandRouteTest {

    @Test
    void the_table_holds_exactly_the_routes_of_the_command_controller() {
        Set<String> mapped = new TreeSet<>();
        String base = AnnotatedElementUtils.findMergedAnnotation(EntityCommandController.class, RequestMapping.class)
                .path()[0];
        for (Method method : EntityCommandController.class.getDeclaredMethods()) {
            RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
            if (mapping != null) {
                String path = mapping.path().length == 0 ? "" : mapping.path()[0];
                mapped.add(mapping.method()[0].name() + " " + base + path);
            }
        }

        Set<String> table = Arrays.stream(CommandRoute.values())
                .map(route -> route.method() + " " + CommandRoute.BASE + route.path())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(table).isEqualTo(mapped);
    }

    @Test
    void a_request_is_known_by_method_and_path() {
        assertThat(CommandRoute.of("POST", "/api/entities")).contains(CommandRoute.CREATE_ENTITY);
        assertThat(CommandRoute.of("POST", "/api/entities/maps-api/versions/confirm"))
                .contains(CommandRoute.CONFIRM_UPLOAD);
        assertThat(CommandRoute.of("PUT", "/api/entities/maps-api/versions/active")).contains(CommandRoute.SET_ACTIVE);
        assertThat(CommandRoute.of("DELETE", "/api/entities/maps-api/versions/2024.07.01-090000"))
                .contains(CommandRoute.ARCHIVE_VERSION);
        assertThat(CommandRoute.of("DELETE", "/api/entities/maps-api/publishers/bob"))
                .contains(CommandRoute.REVOKE_PUBLISHER);
        assertThat(CommandRoute.of("POST", "/api/entities/maps-api/versions/upload-url").map(CommandRoute::command))
                .contains("RequestUpload");
    }

    @Test
    void reads_and_other_routes_are_not_commands() {
        assertThat(CommandRoute.of("GET", "/api/entities/maps-api")).isEmpty();
        assertThat(CommandRoute.of("GET", "/api/entities/maps-api/versions/active")).isEmpty();
        assertThat(CommandRoute.of("POST", "/admin/kafka/parked/x/publish")).isEmpty();
        assertThat(CommandRoute.of("POST", "/api/entities/maps-api/versions/confirm/extra")).isEmpty();
    }
}

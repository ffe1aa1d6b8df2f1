package io.registry.backend;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code deploy/nginx.conf} is one template for docker-compose and the tests: compose must give the gateway a
 * value for each of its placeholders and mount it where the nginx image renders templates.
 */
class GatewayTemplateTest {

    private static final Set<String> PLACEHOLDERS = Set.of(GatewayTemplate.PORT, GatewayTemplate.COMMAND_SIDE_SERVERS,
            GatewayTemplate.QUERY_SIDE_SERVERS);

    @Test
    void the_template_has_exactly_the_three_documented_placeholders() {
        assertThat(GatewayTemplate.load().placeholders()).isEqualTo(PLACEHOLDERS);
    }

    @Test
    @SuppressWarnings("unchecked")
    void docker_compose_fills_every_placeholder_and_mounts_the_template_for_the_nginx_image_to_render() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(RepositoryFiles.root().resolve("docker-compose.yml")));
        Map<String, Object> gateway = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("gateway");
        Map<String, Object> environment = (Map<String, Object>) gateway.get("environment");
        assertThat(environment).containsKeys(PLACEHOLDERS.toArray(String[]::new));
        assertThat(environment.get("NGINX_ENVSUBST_FILTER")).isEqualTo("^REGISTRY_");
        assertThat((List<String>) gateway.get("volumes"))
                .contains("./deploy/nginx.conf:/etc/nginx/templates/registry.conf.template:ro");
        assertThat((String) gateway.get("image")).matches("nginx:\\d+\\.\\d+\\.\\d+-alpine");
    }

    @Test
    void rendering_fills_the_placeholders_and_leaves_nginx_variables_alone() {
        String rendered = GatewayTemplate.load().render(Map.of(
                GatewayTemplate.PORT, "8080",
                GatewayTemplate.COMMAND_SIDE_SERVERS, GatewayTemplate.servers(List.of(9001, 9002)),
                GatewayTemplate.QUERY_SIDE_SERVERS, "server query-side:8080;"));
        assertThat(rendered).doesNotContain("${").contains("listen 8080;")
                .contains("server 127.0.0.1:9001; server 127.0.0.1:9002;").contains("server query-side:8080;")
                .contains("$request_method").contains("$http_host");
        assertThatThrownBy(() -> GatewayTemplate.load().render(Map.of(GatewayTemplate.PORT, "8080")))
                .hasMessageContaining(GatewayTemplate.QUERY_SIDE_SERVERS);
    }
}

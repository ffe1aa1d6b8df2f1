package io.registry.query.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.events.EventJson;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.InputStream;

@Configuration(proxyBeanMethods = false)
public class ElasticsearchConfiguration {

    @Bean(destroyMethod = "close")
    RestClient elasticsearchRestClient(@Value("${registry.elasticsearch.url}") String url) {
        return RestClient.builder(HttpHost.create(url))
                .setRequestConfigCallback(c -> c.setConnectTimeout(5_000).setSocketTimeout(30_000))
                .build();
    }

    @Bean
    ElasticsearchClient elasticsearchClient(RestClient restClient) {
        ObjectMapper mapper = EventJson.configure(new ObjectMapper());
        return new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper(mapper)));
    }

    /** {@code GET /} answers 405 on the minimal distribution used natively, so health asks the cluster. */
    @Bean
    HealthIndicator elasticsearchHealthIndicator(RestClient restClient) {
        return () -> {
            try {
                var response = restClient.performRequest(new Request("GET", "/_cluster/health"));
                try (InputStream body = response.getEntity().getContent()) {
                    var health = new ObjectMapper().readTree(body);
                    String status = health.path("status").asText();
                    return ("red".equals(status) ? Health.down() : Health.up())
                            .withDetail("status", status).build();
                }
            } catch (IOException e) {
                return Health.down(e).build();
            }
        };
    }
}

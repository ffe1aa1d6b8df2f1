package io.registry.query.projection;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.registry.query.elastic.ReadModelIndices;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;


@Configuration(proxyBeanMethods = false)
public class ProjectionConfiguration {

    @Bean
    ReadModelIndices readModelIndices(ElasticsearchClient client,
                                      @Value("${registry.elasticsearch.index-prefix:" + ReadModelIndices.DEFAULT_PREFIX + "}")
                                      String prefix) {
        ReadModelIndices indices = new ReadModelIndices(client, prefix);
        indices.ensureLive();
        return indices;
    }

    /** Writes to the live aliases; its bulk writes are timed by alias ({@code registry.elasticsearch.bulk}). */
    @Bean
    LiveProjection liveProjection(ElasticsearchClient client, ReadModelIndices indices, MeterRegistry meters) {
        return new LiveProjection(new VersionsProjection(client, IndexTarget.live(indices), 10_000, meters));
    }

    /**
     * Several query-side instances share the projection's segments through the token store; capping the
     * segments one instance claims ({@code registry.projection.max-claimed-segments}) leaves some for the
     * others.
     */
    @Bean
    ConfigurerModule projectionSegments(@Value("${registry.projection.max-claimed-segments:32767}") int maxClaimed) {
        return configurer -> configurer.eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration(LiveProjection.PROCESSING_GROUP,
                        (config, builder) -> builder.maxClaimedSegments(maxClaimed));
    }

    /** Elasticsearch unavailable: the projection pauses and retries the event; nothing is skipped. */
    @Bean
    ConfigurerModule projectionErrorHandling() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(LiveProjection.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance());
    }
}

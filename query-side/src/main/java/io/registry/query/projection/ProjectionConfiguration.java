package io.registry.query.projection;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.registry.query.elastic.ElasticsearchReadModelStore;
import io.registry.query.elastic.IndexTarget;
import io.registry.query.elastic.ReadModelIndices;
import io.registry.query.readmodel.ReadModelStore;
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

    /** The live read models: what every reader reads; bulk writes timed by alias ({@code registry.elasticsearch.bulk}). */
    @Bean
    ReadModelStore readModelStore(ElasticsearchClient client, ReadModelIndices indices, MeterRegistry meters) {
        return new ElasticsearchReadModelStore(client, IndexTarget.live(indices), meters);
    }

    @Bean
    LiveProjection liveProjection(ReadModelStore store) {
        return new LiveProjection(new ReadModelProjection(store, 10_000));
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

package io.registry.query.listing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.registry.query.elastic.ReadModelIndices;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
public class ListingConfiguration {

    @Bean
    ReadModel readModel(ElasticsearchClient client, ReadModelIndices indices) {
        return new ReadModel(client, indices);
    }

    @Bean
    VersionListing versionListing(ReadModel readModel) {
        return new VersionListing(readModel);
    }

    @Bean
    ReadYourWrites readYourWrites(ReadModel readModel,
                                  @Value("${registry.read-your-writes.max-wait:PT5S}") Duration maxWait) {
        return new ReadYourWrites(readModel, maxWait);
    }
}

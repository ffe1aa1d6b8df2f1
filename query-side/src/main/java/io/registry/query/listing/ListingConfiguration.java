package io.registry.query.listing;

import io.registry.query.read.EntityReads;
import io.registry.query.read.ReadYourWrites;
import io.registry.query.readmodel.ReadModelStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
public class ListingConfiguration {

    @Bean
    ReadYourWrites readYourWrites(ReadModelStore store,
                                  @Value("${registry.read-your-writes.max-wait:PT5S}") Duration maxWait) {
        return new ReadYourWrites(store, maxWait);
    }

    @Bean
    EntityReads entityReads(ReadModelStore store, ReadYourWrites readYourWrites) {
        return new EntityReads(store, readYourWrites);
    }

    @Bean
    PackageListing packageListing(ReadModelStore store) {
        return new PackageListing(store);
    }

    @Bean
    VersionListing versionListing(ReadModelStore store) {
        return new VersionListing(store);
    }
}

package io.registry.eventstore;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.registry.events.EventJson;
import io.registry.eventstore.availability.EventAvailability;
import io.registry.eventstore.availability.SignallingEventStore;
import io.registry.eventstore.availability.SignallingStorageEngine;
import io.registry.eventstore.upcasting.VersionArchivedV1Upcaster;
import io.registry.eventstore.upcasting.VersionConfirmedV1Upcaster;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The event store: Axon's JDBC storage engine on the Flyway-owned schema, events serialized with the
 * contract's JSON and frozen type names, snapshots of aggregates in plain Jackson.
 */
@AutoConfiguration(before = JdbcAutoConfiguration.class)
public class EventStoreConfiguration {

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /** Events: the public contract's JSON under frozen type names. */
    @Bean
    @Qualifier("eventSerializer")
    ContractSerializer eventSerializer() {
        return ContractSerializer.create(EventJson.configure(JsonMapper.builder().build()));
    }

    /** Everything else Axon stores (tokens, snapshots, metadata of commands): Jackson, fields visible. */
    @Bean
    @Primary
    Serializer serializer() {
        ObjectMapper mapper = EventJson.configure(JsonMapper.builder().build())
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);
        return JacksonSerializer.builder().objectMapper(mapper).build();
    }

    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new PostgresDuplicateKeyResolver();
    }

    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          EventSchema eventSchema,
                                          @Value("${registry.event-store.batch-size:500}") int batchSize) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .dataType(byte[].class)
                .batchSize(batchSize)
                .build();
    }

    /** Tells this JVM's pooled processors that new events can be read (see {@link EventAvailability}). */
    @Bean
    EventAvailability eventAvailability() {
        return new EventAvailability();
    }

    /**
     * Axon's embedded event store (what its auto-configuration would build), with streams that wake a pooled
     * processor the moment new events were read. Its reader looks for events as soon as this JVM committed some,
     * else every {@code registry.event-store.fetch-delay} (events other instances committed; Axon's default: 1 s).
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    SignallingEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                    EventAvailability availability,
                                    @Value("${registry.event-store.fetch-delay:PT0.1S}") java.time.Duration fetchDelay,
                                    @Value("${registry.event-store.availability-recheck:PT0.5S}") java.time.Duration recheck,
                                    @Value("${registry.event-store.cached-events:1000}") int cachedEvents,
                                    @Value("${registry.event-store.cache-cleanup:PT1S}") java.time.Duration cleanup,
                                    @Value("${registry.event-store.reattach:PT1S}") java.time.Duration reattach) {
        // The store's reader reads every new event into one list all caught-up processors share, as fast as the
        // database gives them. What stays reachable is bounded four ways: the list keeps cachedEvents (Axon: 10,000);
        // a processor more than that behind, which keeps everything after its position, is sent to a stream of its own
        // at the next look, every cleanup (Axon: 10 s); the reader ends each read after cachedEvents events (a read
        // keeps everything it read reachable until it ends: see SignallingStorageEngine); and every stream re-attaches
        // at least every `reattach` while read (a race can leave a stream sent away holding the list: see
        // SignallingEventStore).
        return new SignallingEventStore(EmbeddedEventStore.builder()
                .storageEngine(new SignallingStorageEngine(storageEngine, availability, cachedEvents))
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .cachedEvents(cachedEvents)
                .cleanupDelay(cleanup.toMillis())
                .fetchDelay(fetchDelay.toMillis()), availability, recheck, reattach);
    }

    /** This instance's name in the token store: {@code registry.node-id}, by default host, pid and a random suffix. */
    @Bean
    NodeId nodeId(@Value("${registry.node-id:}") String nodeId) {
        return NodeId.of(nodeId);
    }

    /**
     * The token store, with a node id of its own so that several instances (or several contexts in one
     * JVM) claim processor segments separately. A claim not renewed within the claim timeout may be taken
     * by another instance; a processor that stops releases its claims at once.
     */
    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, TokenSchema tokenSchema,
                          NodeId nodeId,
                          @Value("${axon.eventhandling.tokenstore.claim-timeout:PT10S}") java.time.Duration claimTimeout) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(tokenSchema)
                .serializer(serializer)
                .nodeId(nodeId.value())
                .claimTimeout(claimTimeout)
                .build();
    }

    /** Every processor's segments as the shared token store has them, whichever instance runs them. */
    @Bean
    ProcessorTokens processorTokens(org.springframework.jdbc.core.JdbcTemplate jdbc, Serializer serializer,
                                    @Value("${axon.eventhandling.tokenstore.claim-timeout:PT10S}") java.time.Duration claimTimeout) {
        return new ProcessorTokens(jdbc, serializer, claimTimeout, java.time.Clock.systemUTC());
    }

    @Bean
    ProcessorLagGauges processorLagGauges(org.axonframework.config.Configuration axon,
                                          io.micrometer.core.instrument.MeterRegistry meterRegistry,
                                          ProcessorTokens tokens, NodeId nodeId,
                                          @Value("${registry.metrics.segment-lag-refresh:PT5S}") java.time.Duration refresh) {
        return new ProcessorLagGauges(axon, meterRegistry, tokens, nodeId, refresh);
    }

    /**
     * Every older revision of a contract event is read through its upcaster (one per revision step), wherever
     * events are read: aggregates, processors, rebuilds.
     */
    @Bean
    ConfigurerModule contractUpcasters() {
        return configurer -> configurer.registerEventUpcaster(c -> new VersionConfirmedV1Upcaster())
                .registerEventUpcaster(c -> new VersionArchivedV1Upcaster());
    }

    /** Entities with many versions load from a snapshot plus the events after it. */
    @Bean
    SnapshotTriggerDefinition entitySnapshotTrigger(Snapshotter snapshotter,
                                                    @Value("${registry.snapshot-every:250}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }
}

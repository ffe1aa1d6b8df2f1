package io.registry.eventstore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;

/**
 * {@code registry.processor.lag{processor=...}}: how many events each tracking processor of this node is
 * behind the head of the event store (head global index minus the position of its slowest segment; 0
 * when caught up). For the Kafka forwarder this is the publish lag; for the projection, the read model's.
 */
public class ProcessorLagGauges {

    public static final String METRIC = "registry.processor.lag";

    private final Configuration axon;
    private final MeterRegistry registry;
    private final JdbcTemplate jdbc;

    public ProcessorLagGauges(Configuration axon, MeterRegistry registry, JdbcTemplate jdbc) {
        this.axon = axon;
        this.registry = registry;
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void register() {
        axon.eventProcessingConfiguration().eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder(METRIC, streaming, this::lagOf)
                        .tag("processor", name)
                        .description("Events between the head of the event store and the processor's slowest segment")
                        .register(registry);
            }
        });
    }

    double lagOf(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty()) {
            return Double.NaN;
        }
        long slowest = Long.MAX_VALUE;
        for (EventTrackerStatus segment : status.values()) {
            slowest = Math.min(slowest, segment.getCurrentPosition().orElse(-1));
        }
        Long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", Long.class);
        return Math.max(0, (head == null ? 0 : head) - slowest);
    }
}

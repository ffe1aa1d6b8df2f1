package io.registry.eventstore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How many events this node's streaming processors are behind the head of the event store (the head's global index
 * minus a segment's position; a segment that has handled nothing yet is behind by the whole store). For the Kafka
 * forwarder this is the publish lag; for the projection, the read model's.
 * <ul>
 *     <li>{@code registry.processor.lag{processor}}: the slowest segment this node processes (NaN while it
 *     processes none).</li>
 *     <li>{@code registry.processor.segment.lag{processor, segment, node}}: each segment this node processes, with
 *     its node id (the owner in the token store). A segment is reported by the node that holds its claim and moves
 *     with it, so a deployment has one series per segment whatever the number of instances. Which segments this
 *     node holds is looked at every {@code registry.metrics.segment-lag-refresh} (default 5 s); their lag is read
 *     when scraped.</li>
 * </ul>
 * Every processor of every instance, from the shared token store, is {@code GET /admin/processors} (query side).
 */
public class ProcessorLagGauges implements AutoCloseable {

    public static final String METRIC = "registry.processor.lag";
    public static final String SEGMENT_METRIC = "registry.processor.segment.lag";

    private static final Logger log = LoggerFactory.getLogger(ProcessorLagGauges.class);

    private final Configuration axon;
    private final MeterRegistry registry;
    private final ProcessorTokens tokens;
    private final NodeId node;
    private final Duration refresh;
    private MultiGauge segmentLag;
    private ScheduledExecutorService refresher;

    public ProcessorLagGauges(Configuration axon, MeterRegistry registry, ProcessorTokens tokens, NodeId node,
                              Duration refresh) {
        this.axon = axon;
        this.registry = registry;
        this.tokens = tokens;
        this.node = node;
        this.refresh = refresh;
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void register() {
        streamingProcessors().forEach((name, processor) ->
                Gauge.builder(METRIC, processor, this::lagOf)
                        .tag("processor", name)
                        .description("Events between the head of the event store and the processor's slowest segment")
                        .register(registry));
        segmentLag = MultiGauge.builder(SEGMENT_METRIC)
                .description("Events between the head of the event store and the segment, on the node that owns it")
                .register(registry);
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "processor-lag-gauges");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refreshSegments, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One row per segment this node processes now (segments it released disappear); each row reads the segment's
     * position when it is scraped.
     */
    void refreshSegments() {
        try {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            streamingProcessors().forEach((name, processor) -> processor.processingStatus().keySet().forEach(segment ->
                    rows.add(MultiGauge.Row.of(Tags.of("processor", name, "segment", Integer.toString(segment),
                            "node", node.value()), processor, p -> segmentLagOf(p, segment)))));
            segmentLag.register(rows, false);
        } catch (RuntimeException e) {
            log.debug("Could not refresh {}", SEGMENT_METRIC, e);
        }
    }

    double lagOf(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty()) {
            return Double.NaN;
        }
        long head = tokens.head();
        long slowest = 0;
        for (EventTrackerStatus segment : status.values()) {
            slowest = Math.max(slowest, lag(head, segment));
        }
        return slowest;
    }

    /** NaN once the segment has been released, until the next refresh removes its row. */
    double segmentLagOf(StreamingEventProcessor processor, int segment) {
        EventTrackerStatus status = processor.processingStatus().get(segment);
        return status == null ? Double.NaN : lag(tokens.head(), status);
    }

    private static long lag(long head, EventTrackerStatus segment) {
        return Math.max(0, head - segment.getCurrentPosition().orElse(0));
    }

    private Map<String, StreamingEventProcessor> streamingProcessors() {
        Map<String, StreamingEventProcessor> streaming = new TreeMap<>();
        axon.eventProcessingConfiguration().eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor s) {
                streaming.put(name, s);
            }
        });
        return streaming;
    }

    @Override
    public synchronized void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }
}

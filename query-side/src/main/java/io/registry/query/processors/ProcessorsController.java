package io.registry.query.processors;

import org.springframework.lang.Nullable;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.registry.api.security.AdminOnly;
import io.registry.access.Caller;
import io.registry.eventstore.ProcessorTokens;
import io.registry.eventstore.ProcessorTokens.SegmentToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/processors} (admins only): every streaming processor of the deployment, whichever side and
 * instance runs it (the Kafka forwarder and upload expiry on the command side, the projection on the query side),
 * from the shared token store and the head of the event store: per segment its owner, whether the claim is live,
 * its position and how many events it is behind; per processor the largest of those lags.
 */
@RestController
public class ProcessorsController {

    private final ProcessorTokens tokens;

    public ProcessorsController(ProcessorTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/admin/processors")
    public ProcessorsView processors(Caller caller) {
        AdminOnly.require(caller, "Processor status");
        long head = tokens.head();
        Map<String, List<SegmentView>> byProcessor = new LinkedHashMap<>();
        for (SegmentToken token : tokens.segments()) {
            byProcessor.computeIfAbsent(token.processor(), name -> new ArrayList<>()).add(new SegmentView(
                    token.segment(), token.owner(), token.claimed(), token.position(), token.lagBehind(head),
                    token.updatedAt()));
        }
        List<ProcessorView> processors = new ArrayList<>();
        byProcessor.forEach((name, segments) -> processors.add(new ProcessorView(name,
                segments.stream().mapToLong(SegmentView::lag).max().orElse(0), segments)));
        return new ProcessorsView(head, tokens.claimTimeout().toString(), processors);
    }

    /**
     * The answer of {@code GET /admin/processors}.
     *
     * @param head         the global index of the newest event in the store
     * @param claimTimeout how long a claim holds without being renewed (ISO-8601), after which another instance
     *                     may take the segment
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ProcessorsView(long head, String claimTimeout, List<ProcessorView> processors) {
    }

    /** One processor: its slowest segment's lag and every segment. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ProcessorView(String name, long maxLag, List<SegmentView> segments) {
    }

    /**
     * One segment.
     *
     * @param owner     the node id ({@code registry.node-id}) holding or last holding the claim; null once released
     * @param claimed   whether {@code owner} renewed the claim within the claim timeout
     * @param position  the global index of the last event the segment handled; null before its first
     * @param lag       events between the head and {@code position}
     * @param updatedAt when the owner last stored the token or renewed the claim
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SegmentView(int segment, @Nullable String owner, boolean claimed, @Nullable Long position, long lag,
                              @Nullable Instant updatedAt) {
    }
}

package io.registry.command.expiry;

import io.registry.eventstore.ProcessorTokens;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UploadExpiryJobTest {

    private final List<String> queried = new ArrayList<>();
    private final JdbcTemplate jdbc = new JdbcTemplate() {
        @Override
        public <T> List<T> query(String sql, org.springframework.jdbc.core.RowMapper<T> rowMapper, Object... args) {
            queried.add(sql);
            return List.of();
        }
    };
    private final CommandGateway commands = (CommandGateway) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {CommandGateway.class}, (proxy, method, args) -> {
                throw new AssertionError("no command expected: " + method);
            });

    @Test
    void waitsWhileThePendingUploadsAreFarBehindTheEventStore() {
        new UploadExpiryJob(jdbc, commands, tokens(250_000, 40_000L), Clock.systemUTC()).expireOverdueUploads();

        assertThat(queried).as("stale rows are not even read").isEmpty();
    }

    @Test
    void waitsUntilTheProcessorHasAPosition() {
        new UploadExpiryJob(jdbc, commands, tokens(250_000, null), Clock.systemUTC()).expireOverdueUploads();

        assertThat(queried).isEmpty();
    }

    @Test
    void looksForOverdueUploadsWhenThePendingUploadsAreCurrent() {
        new UploadExpiryJob(jdbc, commands, tokens(250_000, 249_000L), Clock.systemUTC()).expireOverdueUploads();

        assertThat(queried).singleElement().asString().contains("FROM pending_upload");
    }

    /** The event store's head, and the position of the upload-expiry processor's one segment (another processor far behind). */
    private static ProcessorTokens tokens(long head, Long position) {
        return new ProcessorTokens(null, null, Duration.ofSeconds(10), Clock.systemUTC()) {
            @Override
            public long head() {
                return head;
            }

            @Override
            public List<SegmentToken> segments() {
                return List.of(new SegmentToken("versions-projection", 0, "node", true, 1L, Instant.now()),
                        new SegmentToken(PendingUploads.PROCESSING_GROUP, 0, "node", true, position, Instant.now()));
            }
        };
    }
}

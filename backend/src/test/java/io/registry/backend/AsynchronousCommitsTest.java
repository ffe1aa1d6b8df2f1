package io.registry.backend;

import io.registry.eventstore.AsynchronousCommits;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import javax.sql.DataSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event processors commit without waiting for the WAL flush; nothing else does ({@link AsynchronousCommits}).
 */
class AsynchronousCommitsTest extends BackendTestSupport {

    @Autowired
    Configuration axon;

    @Autowired
    DataSource dataSource;

    @Test
    void every_event_processor_commits_asynchronously() {
        for (String processor : List.of("versions-projection", "kafka-publisher", "upload-expiry")) {
            assertThat(axon.eventProcessingConfiguration().transactionManager(processor)).as(processor)
                    .isInstanceOf(AsynchronousCommits.class);
        }
        assertThat(axon.getComponent(TransactionManager.class)).as("commands and everything else")
                .isNotInstanceOf(AsynchronousCommits.class);
    }

    @Test
    void only_the_processor_transaction_is_asynchronous() throws Exception {
        // one connection whose own setting is durable, as on a server that commits durably
        SingleConnectionDataSource connection = new SingleConnectionDataSource(dataSource.getConnection(), true);
        try {
            JdbcTemplate jdbc = new JdbcTemplate(connection);
            jdbc.execute("SET synchronous_commit TO on");
            TransactionManager processorTransactions = new AsynchronousCommits(
                    new SpringTransactionManager(new DataSourceTransactionManager(connection)), jdbc);

            String inside = processorTransactions.fetchInTransaction(
                    () -> jdbc.queryForObject("SHOW synchronous_commit", String.class));

            assertThat(inside).isEqualTo("off");
            assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).as("after it").isEqualTo("on");
        } finally {
            connection.destroy();
        }
    }
}

package io.registry.eventstore;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The transactions of the event processors commit without waiting for PostgreSQL to flush them to disk
 * ({@code synchronous_commit} off for these transactions alone; every command still commits durably).
 *
 * <p>Why it is safe: what a processor writes in its transaction (its token, the rows of its own tables such as pending
 * uploads, parked events) is derived from the event store, which is durable. A crash can lose the last processor
 * commits: the processor then handles those events again from its last durable token, and every handler already
 * takes an event twice (the read model by external versions, Kafka at least once, deletes of staging objects).
 * Why it matters: with processors woken at every commit, each event cost several extra WAL flushes (the projection's
 * segments, the Kafka forwarder, upload expiry, retention), which a single client waited for behind its own.
 */
public final class AsynchronousCommits implements TransactionManager {

    private final TransactionManager delegate;
    private final JdbcTemplate jdbc;

    public AsynchronousCommits(TransactionManager delegate, JdbcTemplate jdbc) {
        this.delegate = delegate;
        this.jdbc = jdbc;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = delegate.startTransaction();
        try {
            // LOCAL: this transaction only, whatever the connection does next
            jdbc.execute("SET LOCAL synchronous_commit TO OFF");
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        }
        return transaction;
    }
}

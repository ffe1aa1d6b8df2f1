package io.registry.eventstore;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;

/**
 * Tells Axon when an append failed on a unique key (SQLSTATE 23505), so a second "create" of the same
 * entity becomes {@code AggregateStreamCreationException} and a lost race {@code ConcurrencyException},
 * instead of a generic storage error. PostgreSQL reports it in the SQL state, not the vendor code, and
 * batch inserts hide it in the next exception.
 */
public class PostgresDuplicateKeyResolver implements PersistenceExceptionResolver {

    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}

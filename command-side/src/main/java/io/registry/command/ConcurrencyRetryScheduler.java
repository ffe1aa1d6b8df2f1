package io.registry.command;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Runs a command again when it lost a race for its entity's next sequence: another instance (or request)
 * appended first, the append hit the event store's unique (entity, sequence) key, and Axon dropped the entity
 * from this instance's cache. The retry decides on the entity as it now is, so a stale cached entity never
 * decides (a version another instance just confirmed is refused with 409 {@code version_exists}, an
 * independent change simply succeeds). Any other failure is answered as it is.
 */
public class ConcurrencyRetryScheduler implements RetryScheduler {

    private static final Logger log = LoggerFactory.getLogger(ConcurrencyRetryScheduler.class);

    private final int maxRetries;

    public ConcurrencyRetryScheduler(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        if (!lostTheRace(lastFailure) || failures.size() > maxRetries) {
            return false;
        }
        log.debug("Retrying {} after a concurrent append ({} of {})", commandMessage.getCommandName(),
                failures.size(), maxRetries);
        commandDispatch.run();
        return true;
    }

    static boolean lostTheRace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AggregateStreamCreationException) {
                return false;
            }
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}

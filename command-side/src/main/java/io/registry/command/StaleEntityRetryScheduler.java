package io.registry.command;

import io.registry.command.domain.Rejection;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes sure that an entity this instance holds in its cache never decides on stale state when several command-side
 * instances write the same entity. Two cases, both run the command once more on the entity as stored (Axon drops
 * the entity from this instance's cache whenever a command on it fails):
 *
 * <ul>
 *   <li>The command lost the race for the entity's next sequence: another instance appended first and the append hit
 *       the event store's unique (entity, sequence) key. Retried up to {@code maxRetries} times, after a short
 *       random pause that grows with each lost race. An independent change
 *       then simply succeeds; a version another instance just confirmed is refused with 409 {@code version_exists}.</li>
 *   <li>The command was refused ({@link Rejection}) on its first attempt: a refusal is only answered once the entity
 *       it was decided on is known to be current (the cached one may lack another instance's events, e.g. the
 *       If-Match sequence the client read elsewhere). Refusals are rare, so deciding them twice costs little; a
 *       success needs no such check, the unique key catches it.</li>
 * </ul>
 */
public class StaleEntityRetryScheduler implements RetryScheduler {

    private static final Logger log = LoggerFactory.getLogger(StaleEntityRetryScheduler.class);

    private final int maxRetries;

    public StaleEntityRetryScheduler(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        boolean retry = lostTheRace(lastFailure) ? failures.size() <= maxRetries
                : refused(lastFailure) && failures.size() == 1;
        if (retry) {
            log.debug("Deciding {} again on the stored entity after {} ({} failure(s) so far)",
                    commandMessage.getCommandName(), lastFailure.getClass().getSimpleName(), failures.size());
            backOff(failures.size());
            commandDispatch.run();
        }
        return retry;
    }

    /**
     * After a lost race, waits a little, longer each time and by a random amount, so that commands racing for the
     * same entity on several instances do not keep colliding; a refusal is decided again at once.
     */
    private static void backOff(int failures) {
        if (failures <= 1) {
            return;
        }
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * failures));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    static boolean refused(Throwable failure) {
        return Rejection.isCauseOf(failure);
    }
}

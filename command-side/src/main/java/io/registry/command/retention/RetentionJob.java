package io.registry.command.retention;

import io.registry.access.Caller;
import io.registry.command.domain.Commands.ArchiveVersion;
import io.registry.command.domain.Commands.PlanRetention;
import io.registry.command.domain.PackageEntity;
import io.registry.command.domain.Rejection;
import io.registry.command.domain.Results.Done;
import io.registry.command.domain.Results.RetentionPlan;
import io.registry.events.VersionArchived;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every {@code registry.retention.check-interval} (default 1 h), applies each entity's retention policy through the
 * ordinary archive command: the entity plans which versions are due (never the active one nor a channel's target),
 * then each is archived with the policy as its cause ({@code retention_policy} of {@code registry.version.archived}),
 * each command expecting the entity's sequence the plan was made at. Every command-side instance runs the job: when two
 * run it on one entity at once, the one that archives first moves the sequence and the other's next archive is refused
 * as stale (a lost race, left to the next run), so each version is archived once.
 */
public class RetentionJob {

    /** Who archives under a policy: admin rights, so that the entity's publisher check lets the job through. */
    static final Caller RETENTION = new Caller(VersionArchived.BY_RETENTION, null, Set.of(Caller.ADMIN));
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    private static final int PAGE = 500;

    private final RetentionEntities entities;
    private final CommandGateway commands;
    private final Clock clock;

    public RetentionJob(RetentionEntities entities, CommandGateway commands, Clock clock) {
        this.entities = entities;
        this.commands = commands;
        this.clock = clock;
    }

    /** Applies every entity's policy; answers how many versions were archived. */
    @Scheduled(fixedDelayString = "${registry.retention.check-interval:PT1H}",
            initialDelayString = "${registry.retention.check-interval:PT1H}")
    public int applyAll() {
        int archived = 0;
        String after = null;
        for (List<String> page = entities.after(null, PAGE); !page.isEmpty(); page = entities.after(after, PAGE)) {
            for (String entityId : page) {
                archived += apply(entityId);
            }
            after = page.get(page.size() - 1);
        }
        if (archived > 0) {
            log.info("Retention archived {} version(s)", archived);
        }
        return archived;
    }

    /** Applies one entity's policy now; answers how many versions this run archived. */
    public int apply(String entityId) {
        Instant now = clock.instant();
        int archived = 0;
        try {
            RetentionPlan plan = commands.sendAndWait(new PlanRetention(entityId, now));
            long sequence = plan.sequence();
            for (String versionId : plan.due()) {
                Done done = commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                                new ArchiveVersion(entityId, versionId, RETENTION, now, plan.policy()))
                        .andMetaData(Map.of(PackageEntity.EXPECTED_SEQUENCE, sequence)));
                if (done.sequence() != sequence) {
                    archived++;
                }
                sequence = done.sequence();
            }
        } catch (RuntimeException e) {
            // refused: the entity changed since the plan (another run or a publisher came first)
            if (Rejection.isCauseOf(e)) {
                log.debug("Retention of {} stopped: {}", entityId, e.getMessage());
            } else {
                log.warn("Could not apply the retention policy of {}: {}", entityId, e.toString());
            }
        }
        return archived;
    }
}

package io.registry.command.web;

import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.api.problem.ProblemDetailsAdvice;
import io.registry.command.domain.Rejection;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;

/**
 * Maps the command side's failures (domain rejections and Axon's own) to problem details; everything
 * else is left to {@link ProblemDetailsAdvice}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CommandFailureAdvice {

    @ExceptionHandler(Rejection.class)
    public ResponseEntity<Object> rejected(Rejection rejection) {
        return ProblemDetailsAdvice.response(toApi(rejection));
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    public ResponseEntity<Object> alreadyExists(AggregateStreamCreationException e) {
        return ProblemDetailsAdvice.response(new ApiException(HttpStatus.CONFLICT, "entity_exists",
                "An entity with this id already exists.", List.of(new FieldViolation("id", "taken", "is taken"))));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    public ResponseEntity<Object> notFound(AggregateNotFoundException e) {
        return ProblemDetailsAdvice.response(ApiException.notFound("entity_not_found", "No entity " + e.getAggregateIdentifier() + "."));
    }

    @ExceptionHandler(ConcurrencyException.class)
    public ResponseEntity<Object> concurrent(ConcurrencyException e) {
        return ProblemDetailsAdvice.response(ApiException.conflict("concurrent_modification",
                "The entity was changed by another request at the same time; retry."));
    }

    @ExceptionHandler(CommandExecutionException.class)
    public ResponseEntity<Object> execution(CommandExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Rejection rejection) {
            return rejected(rejection);
        }
        if (cause instanceof AggregateStreamCreationException creation) {
            return alreadyExists(creation);
        }
        if (cause instanceof AggregateNotFoundException missing) {
            return notFound(missing);
        }
        if (cause instanceof ConcurrencyException concurrency) {
            return concurrent(concurrency);
        }
        return ProblemDetailsAdvice.unexpected(e);
    }

    @ExceptionHandler({EventStoreException.class, NoHandlerForCommandException.class})
    public ResponseEntity<Object> unavailable(RuntimeException e) {
        return ProblemDetailsAdvice.unexpected(e);
    }

    static ApiException toApi(Rejection rejection) {
        HttpStatus status = switch (rejection.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case PRECONDITION_FAILED -> HttpStatus.PRECONDITION_FAILED;
            case GONE -> HttpStatus.GONE;
        };
        List<FieldViolation> fields = rejection.field() == null ? List.of()
                : List.of(new FieldViolation(rejection.field(), rejection.code(), rejection.getMessage()));
        return new ApiException(status, rejection.code(), rejection.getMessage(), fields);
    }
}

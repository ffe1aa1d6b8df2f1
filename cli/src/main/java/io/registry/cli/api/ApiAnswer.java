package io.registry.cli.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.registry.cli.CliFailure;
import io.registry.cli.ExitCode;
import io.registry.cli.Json;

import java.net.http.HttpHeaders;

/** One answer of the registry: status, body as sent (what {@code --json} prints), headers. */
public record ApiAnswer(int status, String body, HttpHeaders headers, String what) {

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    /** The body as JSON; an answer that is not JSON did not come from the registry's API. */
    public JsonNode json() {
        try {
            return Json.parse(body);
        } catch (JsonProcessingException e) {
            throw new CliFailure(ExitCode.UNAVAILABLE, what + " answered " + status + " with a body that is not JSON: "
                    + Problem.abbreviate(body));
        }
    }
}

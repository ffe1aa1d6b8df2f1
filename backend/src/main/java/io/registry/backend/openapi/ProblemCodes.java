package io.registry.backend.openapi;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every problem {@code code} the registry (or its gateway) answers, with its HTTP status and what it means: the
 * document lists, for each route and status, the codes it can answer (README "Errors", "HTTP limits and refusals").
 */
final class ProblemCodes {

    /** One code: the status it is answered with and a line for the document. */
    record Code(String code, int status, String meaning) {
    }

    private static final Map<String, Code> CODES = new LinkedHashMap<>();

    static {
        // 400
        add("invalid_request", 400, "bad input: every bad body field, query parameter or header is named in `errors`");
        add("malformed_body", 400, "the body is missing or is not JSON (UTF-8)");
        add("body_too_complex", 400, "the body exceeds a parsing limit (nesting 64, strings 1 MiB, numbers 100 digits)");
        add("invalid_url", 400, "a URL the server cannot decode or normalize (encoded `/`, `\\` or NUL, a broken `%` escape, ...)");
        add("rejected_url", 400, "a URL the firewall refuses (`..` or `.` segments, `//`, `;`, encoded control characters, ...)");
        add("invalid_header", 400, "a malformed header line, a duplicate `Content-Length`, a bad `Host` or `Transfer-Encoding`");
        add("rejected_request", 400, "a header or parameter value with a control character");
        add("bad_request", 400, "the gateway could not parse the request");
        add("unknown_base_version", 400, "`base_version_id` is not a confirmed version of this entity");
        add("upload_not_requested", 400, "no upload was requested for this version");
        add("storage_path_mismatch", 400, "`storage_path` is not the one upload-url issued for this version");
        add("lockfile_path_mismatch", 400, "`package_lock_path` is not the one upload-url issued for this version");
        add("source_hash_mismatch", 400, "`source_hash` differs from the one of the upload request");
        add("file_size_mismatch", 400, "the stored object's size is not `file_size_bytes`");
        add("install_inputs_invalid", 400, "the install inputs do not match `inputs.schema` (one error per JSON pointer)");
        // 401
        add("unauthenticated", 401, "no bearer token");
        add("invalid_token", 401, "the bearer token was refused (signature, algorithm, expiry, issuer or claims)");
        // 403
        add("publisher_role_required", 403, "the caller may read the entity but is not one of its publishers");
        add("admin_role_required", 403, "the route (or a `platform` entity) needs the `admin` role");
        add("foreign_organization", 403, "only an admin may create an entity for another organization");
        add("forbidden", 403, "the route needs the `admin` role");
        // 404
        add("entity_not_found", 404, "no such entity, or one the caller may not read");
        add("version_not_found", 404, "the entity has no version with this id");
        add("no_active_version", 404, "the entity has no active version yet");
        add("channel_not_found", 404, "the entity has no channel with this name");
        add("zone_not_found", 404, "no entity lives in this zone");
        add("package_not_found", 404, "no such package in this zone, or one the caller may not read");
        add("parked_event_not_found", 404, "no parked event with this id");
        add("route_not_found", 404, "no route matches the request");
        add("actuator_side_required", 404, "behind the gateway, an actuator path must name its side");
        // 405
        add("method_not_allowed", 405, "the route does not take this method");
        // 409
        add("entity_exists", 409, "an entity with this id already exists");
        add("version_exists", 409, "the entity already has a version with this id");
        add("duplicate_source_hash", 409, "a confirmed version already has this `source_hash` (send `force: true`)");
        add("version_active", 409, "the active version cannot be archived");
        add("version_archived", 409, "an archived version cannot become active nor a channel's target");
        add("version_in_channel", 409, "a version a channel points at cannot be archived (the detail names the channel)");
        add("last_publisher", 409, "the last publisher cannot be revoked");
        add("concurrent_modification", 409, "another request changed the entity at the same moment; retry");
        add("request_in_progress", 409, "the request with this `X-Client-Request-ID` is still running; retry shortly");
        add("rebuild_running", 409, "a rebuild is already running");
        add("no_outputs", 409, "the version declares no outputs to evaluate");
        // 410
        add("upload_expired", 410, "the upload request expired before it was confirmed");
        // 412
        add("stale_entity", 412, "`If-Match` names an older state of the entity than the current one");
        add("package_not_uploaded", 412, "nothing (or not the stated size) is stored at `storage_path`");
        add("lockfile_not_uploaded", 412, "nothing is stored at `package_lock_path`");
        // 413, 414, 415, 422, 431
        add("body_too_large", 413, "the request body is over 1 MiB (`registry.http.max-body-size`)");
        add("uri_too_long", 414, "the request line is over 8 KiB");
        add("unsupported_media_type", 415, "the body is not sent as `application/json`");
        add("unsupported_charset", 415, "a `charset` other than UTF-8 (`errors[0].field` = `Content-Type`)");
        add("idempotency_key_reused", 422, "this `X-Client-Request-ID` was used for another request");
        add("binding_evaluation_failed", 422, "a binding failed (a missing key, a type mismatch)");
        add("evaluation_limit_exceeded", 422, "an expression ran past its limits (iterations, time, result size)");
        add("outputs_invalid", 422, "the evaluated outputs do not match `outputs.schema`");
        add("header_too_large", 431, "the request line and headers are over 8 KiB, or more than 100 headers");
        // 5xx
        add("internal_error", 500, "an unexpected failure (logged)");
        add("gateway_error", 500, "the gateway failed to handle the request");
        add("kafka_refused", 502, "the broker still refuses the event; it stays parked");
        add("upstream_unavailable", 502, "gateway: no instance of the side for this route could be reached");
        add("evaluator_unavailable", 503, "the expression evaluator is not available at the moment; retry");
        add("upstream_timeout", 504, "gateway: the side for this route did not answer within 60 s");
    }

    private ProblemCodes() {
    }

    private static void add(String code, int status, String meaning) {
        if (CODES.put(code, new Code(code, status, meaning)) != null) {
            throw new IllegalStateException("problem code listed twice: " + code);
        }
    }

    static Code of(String code) {
        Code known = CODES.get(code);
        if (known == null) {
            throw new IllegalArgumentException("unknown problem code " + code + ": add it to ProblemCodes");
        }
        return known;
    }

    /** The codes by status, each status's codes in the order given. */
    static Map<Integer, List<Code>> byStatus(Collection<String> codes) {
        Map<Integer, List<Code>> byStatus = new TreeMap<>();
        codes.stream().distinct().map(ProblemCodes::of)
                .forEach(code -> byStatus.computeIfAbsent(code.status(), s -> new java.util.ArrayList<>()).add(code));
        return byStatus;
    }
}

package io.registry.cli;

/**
 * The CLI's exit codes (README "Command line"): scripts branch on them, so they never change meaning.
 */
public final class ExitCode {

    /** Done; also a push whose source is already a version ("unchanged"). */
    public static final int OK = 0;
    /** Bad options or arguments, or a local file that cannot be read or written. */
    public static final int USAGE = 1;
    /** The registry refused the request: 400, 401, 403, 405, 412, 413, 414, 415, 422, 431 and any other 4xx below. */
    public static final int REFUSED = 2;
    /** 404 (no such entity or version, or not readable by the caller) and 410 (an upload that expired). */
    public static final int NOT_FOUND = 3;
    /** 409: the entity's state conflicts (version_exists, entity_exists, version_active, version_archived, ...). */
    public static final int CONFLICT = 4;
    /**
     * The server failed (5xx, or 429 / 503 still after the retries), the network did, or what came back is not what
     * the registry promised (an answer that is not its JSON, downloaded bytes whose SHA-256 differs from the recorded
     * one).
     */
    public static final int UNAVAILABLE = 5;

    private ExitCode() {
    }

    /** The exit code of a registry answer with this (non-2xx) HTTP status. */
    public static int forStatus(int status) {
        if (status == 404 || status == 410) {
            return NOT_FOUND;
        }
        if (status == 409) {
            return CONFLICT;
        }
        if (status == 429 || status >= 500) {
            return UNAVAILABLE;
        }
        return REFUSED;
    }
}

package io.registry.command.domain;

/**
 * A command refused by a rule of the domain. {@code kind} says which family of failure it is (the web
 * layer maps it to a status in one place), {@code code} is stable for clients, {@code field} names the
 * offending request field when there is one.
 */
public class Rejection extends RuntimeException {

    public enum Kind { NOT_FOUND, FORBIDDEN, CONFLICT, INVALID, PRECONDITION_FAILED, GONE }

    private final Kind kind;
    private final String code;
    private final String field;

    public Rejection(Kind kind, String code, String detail) {
        this(kind, code, detail, null);
    }

    public Rejection(Kind kind, String code, String detail, String field) {
        super(detail, null, false, false);
        this.kind = kind;
        this.code = code;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** Whether {@code failure} is, or was caused by, a rejection (however the command bus wrapped it). */
    public static boolean isCauseOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Rejection) {
                return true;
            }
        }
        return false;
    }

    static Rejection entityNotFound(String entityId) {
        return new Rejection(Kind.NOT_FOUND, "entity_not_found", "No entity " + entityId + ".");
    }

    static Rejection versionNotFound(String entityId, String versionId) {
        return new Rejection(Kind.NOT_FOUND, "version_not_found",
                "Entity " + entityId + " has no version " + versionId + ".");
    }

    static Rejection notPublisher(String entityId) {
        return new Rejection(Kind.FORBIDDEN, "publisher_role_required",
                "This action needs the publisher role on entity " + entityId + ".");
    }
}

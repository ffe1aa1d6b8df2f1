package io.registry.command.web;

import io.registry.command.domain.Commands.ArchiveVersion;
import io.registry.command.domain.Commands.ChangeStore;
import io.registry.command.domain.Commands.ConfirmUpload;
import io.registry.command.domain.Commands.CreateEntity;
import io.registry.command.domain.Commands.GrantPublisher;
import io.registry.command.domain.Commands.RequestUpload;
import io.registry.command.domain.Commands.RevokePublisher;
import io.registry.command.domain.Commands.RemoveChannel;
import io.registry.command.domain.Commands.SetActive;
import io.registry.command.domain.Commands.SetChannel;
import io.registry.command.domain.Commands.SetRetentionPolicy;
import io.registry.command.domain.Commands.ShareEntity;
import io.registry.command.domain.Commands.UnshareEntity;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.Optional;

/**
 * The routes of {@link EntityCommandController}, each with the command it sends, so that a request is known as that
 * command from the moment it arrives, also when a filter or the security chain answers it before the route runs.
 * {@code CommandRouteTest} keeps this table equal to the controller's mappings.
 */
public enum CommandRoute {

    CREATE_ENTITY(CreateEntity.class, "POST", ""),
    CHANGE_STORE(ChangeStore.class, "PUT", "/{entityId}/store"),
    GRANT_PUBLISHER(GrantPublisher.class, "PUT", "/{entityId}/publishers/{userId}"),
    REVOKE_PUBLISHER(RevokePublisher.class, "DELETE", "/{entityId}/publishers/{userId}"),
    SHARE_ENTITY(ShareEntity.class, "PUT", "/{entityId}/shares/{userId}"),
    UNSHARE_ENTITY(UnshareEntity.class, "DELETE", "/{entityId}/shares/{userId}"),
    REQUEST_UPLOAD(RequestUpload.class, "POST", "/{entityId}/versions/upload-url"),
    CONFIRM_UPLOAD(ConfirmUpload.class, "POST", "/{entityId}/versions/confirm"),
    SET_ACTIVE(SetActive.class, "PUT", "/{entityId}/versions/active"),
    ARCHIVE_VERSION(ArchiveVersion.class, "DELETE", "/{entityId}/versions/{versionId}"),
    SET_CHANNEL(SetChannel.class, "PUT", "/{entityId}/channels/{channel}"),
    REMOVE_CHANNEL(RemoveChannel.class, "DELETE", "/{entityId}/channels/{channel}"),
    SET_RETENTION_POLICY(SetRetentionPolicy.class, "PUT", "/{entityId}/retention");

    /** The controller's {@code @RequestMapping}. */
    public static final String BASE = "/api/entities";

    private final String command;
    private final String method;
    private final String path;
    private final PathPattern pattern;

    CommandRoute(Class<? extends Record> command, String method, String path) {
        this.command = command.getSimpleName();
        this.method = method;
        this.path = path;
        this.pattern = PathPatternParser.defaultInstance.parse(BASE + path);
    }

    /** The command's name, as in {@code Commands}: {@code ConfirmUpload}, ... */
    public String command() {
        return command;
    }

    public String method() {
        return method;
    }

    /** The route's path below {@link #BASE}, as the controller maps it. */
    public String path() {
        return path;
    }

    /** The command route a request goes to, by method and path (the raw request URI, without a context path). */
    public static Optional<CommandRoute> of(String method, String requestUri) {
        if (requestUri == null || !requestUri.startsWith(BASE)) {
            return Optional.empty();
        }
        PathContainer path = PathContainer.parsePath(requestUri);
        for (CommandRoute route : values()) {
            if (route.method.equals(method) && route.pattern.matches(path)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }
}

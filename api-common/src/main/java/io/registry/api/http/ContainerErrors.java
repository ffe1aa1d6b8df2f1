package io.registry.api.http;

import io.registry.api.problem.ApiException;
import org.springframework.http.HttpStatus;

/**
 * The problems of failures that Tomcat or Spring report by status alone (no typed exception of ours): one
 * stable code per status, so the error valve and the error controller answer alike.
 */
final class ContainerErrors {

    private ContainerErrors() {
    }

    static ApiException byStatus(int statusCode) {
        HttpStatus status = HttpStatus.resolve(statusCode);
        if (status == null) {
            status = statusCode >= 500 ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST;
        }
        return switch (status) {
            case BAD_REQUEST -> new ApiException(status, "bad_request", "The request is malformed.");
            case UNAUTHORIZED -> new ApiException(status, "unauthenticated", "A bearer token is required.");
            case FORBIDDEN -> new ApiException(status, "forbidden", "The request is not allowed.");
            case NOT_FOUND -> new ApiException(status, "route_not_found", "No route matches the request.");
            case METHOD_NOT_ALLOWED -> new ApiException(status, "method_not_allowed",
                    "The route does not accept this method.");
            case PAYLOAD_TOO_LARGE -> new ApiException(status, "body_too_large", "The request body is too large.");
            case URI_TOO_LONG -> uriTooLong();
            case UNSUPPORTED_MEDIA_TYPE -> new ApiException(status, "unsupported_media_type",
                    "Send the body as application/json.");
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> headerTooLarge();
            case NOT_IMPLEMENTED -> new ApiException(status, "not_implemented", "The method is not supported.");
            case SERVICE_UNAVAILABLE -> new ApiException(status, "unavailable",
                    "The service is not available at the moment; retry later.");
            default -> status.is5xxServerError()
                    ? new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                    "An unexpected error occurred; it has been logged.")
                    : new ApiException(status, status.name().toLowerCase(), status.getReasonPhrase());
        };
    }

    static ApiException invalidUrl() {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_url",
                "The request line or its URL is malformed: an encoded '/', '\\' or NUL, a broken %-escape, bytes "
                        + "that are not UTF-8, or a character that may not appear in a URL.");
    }

    static ApiException invalidHeader() {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_header",
                "A request header is malformed (a header line, Host, Content-Length or Transfer-Encoding).");
    }

    static ApiException uriTooLong() {
        return new ApiException(HttpStatus.URI_TOO_LONG, "uri_too_long",
                "The request line is longer than the server accepts.");
    }

    static ApiException headerTooLarge() {
        return new ApiException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "header_too_large",
                "The request line and headers together are larger than the server accepts.");
    }
}

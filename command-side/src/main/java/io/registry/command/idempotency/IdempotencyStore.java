package io.registry.command.idempotency;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Idempotency records in PostgreSQL ({@code idempotency_record}), kept for a retention period. */
public class IdempotencyStore {

    private final JdbcTemplate jdbc;
    private final Duration pendingTimeout;

    /**
     * @param pendingTimeout how long a claim may stay pending before the same request (same caller, route and body)
     *                       may take it over: the instance that claimed it may have died mid-request
     */
    public IdempotencyStore(JdbcTemplate jdbc, Duration pendingTimeout) {
        this.jdbc = jdbc;
        this.pendingTimeout = pendingTimeout;
    }

    public record Record(String caller, String requestKey, String bodySha256, boolean pending, int status,
                         String contentType, String headers, byte[] body) {

        void replay(HttpServletResponse response) throws IOException {
            response.setStatus(status);
            if (contentType != null) {
                response.setContentType(contentType);
            }
            if (headers != null && !headers.isEmpty()) {
                for (String line : headers.split("\n")) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        response.setHeader(line.substring(0, colon), line.substring(colon + 1));
                    }
                }
            }
            if (body != null) {
                response.getOutputStream().write(body);
            }
        }
    }

    /**
     * Claims the id for this request: empty when it was free (the caller must then {@link #complete} or
     * {@link #release} it), otherwise the record already there.
     */
    public Optional<Record> claim(UUID requestId, String caller, String requestKey, String bodySha256) {
        int inserted = jdbc.update("INSERT INTO idempotency_record (request_id, caller, request_key, body_sha256, state) "
                + "VALUES (?, ?, ?, ?, 'pending') ON CONFLICT (request_id) DO NOTHING",
                requestId, caller, requestKey, bodySha256);
        if (inserted == 1) {
            return Optional.empty();
        }
        int takenOver = jdbc.update("UPDATE idempotency_record SET created_at = now() WHERE request_id = ? "
                        + "AND state = 'pending' AND caller = ? AND request_key = ? AND body_sha256 = ? "
                        + "AND created_at < now() - make_interval(secs => ?)",
                requestId, caller, requestKey, bodySha256, (double) pendingTimeout.toSeconds());
        if (takenOver == 1) {
            return Optional.empty();
        }
        List<Record> found = jdbc.query("SELECT caller, request_key, body_sha256, state, status, content_type, headers, body "
                        + "FROM idempotency_record WHERE request_id = ?",
                (rs, i) -> new Record(rs.getString(1), rs.getString(2), rs.getString(3),
                        "pending".equals(rs.getString(4)), rs.getInt(5), rs.getString(6), rs.getString(7),
                        rs.getBytes(8)), requestId);
        if (found.isEmpty()) {
            return claim(requestId, caller, requestKey, bodySha256);
        }
        return Optional.of(found.get(0));
    }

    public void complete(UUID requestId, int status, String contentType, List<String> keptHeaders,
                         HttpServletResponse response, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : keptHeaders) {
            String value = response.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        StringBuilder lines = new StringBuilder();
        headers.forEach((k, v) -> lines.append(k).append(':').append(v).append('\n'));
        jdbc.update("UPDATE idempotency_record SET state = 'done', status = ?, content_type = ?, headers = ?, body = ? "
                + "WHERE request_id = ?", status, contentType, lines.toString(), body, requestId);
    }

    public void release(UUID requestId) {
        jdbc.update("DELETE FROM idempotency_record WHERE request_id = ? AND state = 'pending'", requestId);
    }

    /** Forgets records older than the retention; answers how many. */
    public int purgeOlderThan(Duration retention) {
        return jdbc.update("DELETE FROM idempotency_record WHERE created_at < now() - make_interval(secs => ?)",
                (double) retention.toSeconds());
    }

}

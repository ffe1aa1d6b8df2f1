package io.registry.query.listing;

import io.registry.api.paging.Page;
import io.registry.api.paging.Pagination;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.api.request.BoundedParameter;
import io.registry.query.read.EntityReads.OpenedEntity;
import io.registry.query.readmodel.ReadModelStore.VersionPage;
import io.registry.query.readmodel.ReadModelStore;
import io.registry.query.readmodel.VersionDocument;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Cursor pagination over an entity's versions, newest first: {@code after} pages towards older versions,
 * {@code before} towards newer ones. The order key is the version number, which never changes once given,
 * so pages stay exact (no duplicate, no gap) while versions are added or archived. Both listings (the zone
 * listing and the entity surface's) page here; they differ only in how they show each version.
 */
public class VersionListing implements AutoCloseable {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    public static final BoundedParameter LIMIT = new BoundedParameter("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);

    private final ReadModelStore store;
    /** Runs page searches beside the access check; when all are busy the request's own thread searches. */
    private final ThreadPoolExecutor searches = new ThreadPoolExecutor(0, 16, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "version-listing-search");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    public VersionListing(ReadModelStore store) {
        this.store = store;
    }

    @Override
    public void close() {
        searches.shutdown();
    }

    /**
     * The page of an entity the caller may read, answered: {@code open} checks the access (404 when the caller may not
     * read it) while the page's search already runs, two round trips to Elasticsearch at once instead of one after the
     * other; the page is used only when the check passes, so a caller who may not read the entity learns nothing from
     * it, bad input included. With a consistency token the search waits for the client's write first (in {@code open}).
     */
    public <T> ResponseEntity<Page<T>> respond(String entityId, String consistencyToken, Supplier<OpenedEntity> open,
                                               String after, String before, Integer limit,
                                               Function<VersionDocument, T> view) {
        if (consistencyToken != null) {
            OpenedEntity read = open.get();
            return read.respond(page(entityId, after, before, limit, view));
        }
        CompletableFuture<Page<T>> page = CompletableFuture.supplyAsync(
                () -> page(entityId, after, before, limit, view), searches);
        OpenedEntity read;
        try {
            read = open.get();
        } catch (RuntimeException refused) {
            page.cancel(false);
            throw refused;
        }
        try {
            return read.respond(page.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** One page of the entity's versions, each shown through {@code view}, with its {@code pagination}. */
    public <T> Page<T> page(String entityId, String after, String before, Integer limit,
                            Function<VersionDocument, T> view) {
        List<FieldViolation> violations = new ArrayList<>();
        if (after != null && before != null) {
            violations.add(new FieldViolation("after", "mutually_exclusive", "give either after or before, not both"));
            violations.add(new FieldViolation("before", "mutually_exclusive", "give either after or before, not both"));
        }
        Cursor afterCursor = cursor("after", after, entityId, violations);
        Cursor beforeCursor = cursor("before", before, entityId, violations);
        int size = LIMIT.valueOf(limit, violations);
        if (!violations.isEmpty()) {
            throw ApiException.badRequest(violations);
        }
        if (beforeCursor != null) {
            VersionPage found = store.versionPage(entityId, null, beforeCursor.version(), size + 1);
            List<VersionDocument> items = found.items();
            boolean moreNewer = items.size() > size;
            List<VersionDocument> page = moreNewer ? items.subList(1, items.size()) : items;
            String next = page.isEmpty() ? new Cursor(entityId, beforeCursor.version() + 1).encode()
                    : new Cursor(entityId, lastVersion(page)).encode();
            String previous = moreNewer ? new Cursor(entityId, firstVersion(page)).encode() : null;
            return page(page, view, next, previous, found.total());
        }
        Integer olderThan = afterCursor == null ? null : afterCursor.version();
        VersionPage found = store.versionPage(entityId, olderThan, null, size + 1);
        List<VersionDocument> items = found.items();
        boolean moreOlder = items.size() > size;
        List<VersionDocument> page = moreOlder ? items.subList(0, size) : items;
        String next = moreOlder ? new Cursor(entityId, lastVersion(page)).encode() : null;
        String previous = null;
        if (afterCursor != null) {
            previous = new Cursor(entityId, page.isEmpty() ? afterCursor.version() - 1 : firstVersion(page)).encode();
        }
        return page(page, view, next, previous, found.total());
    }

    private static <T> Page<T> page(List<VersionDocument> versions, Function<VersionDocument, T> view,
                                    String afterCursor, String beforeCursor, long totalCount) {
        return new Page<>(versions.stream().map(view).toList(), new Pagination(afterCursor, beforeCursor, totalCount));
    }

    private static Cursor cursor(String name, String text, String entityId, List<FieldViolation> violations) {
        if (text == null) {
            return null;
        }
        if (text.isEmpty() || text.length() > 255) {
            violations.add(new FieldViolation(name, "out_of_range", "must be 1 to 255 characters"));
            return null;
        }
        Cursor cursor = Cursor.decode(text).orElse(null);
        if (cursor == null || !cursor.entityId().equals(entityId)) {
            violations.add(new FieldViolation(name, "invalid_cursor",
                    "is not a cursor returned by this listing for this package"));
            return null;
        }
        return cursor;
    }

    private static int firstVersion(List<VersionDocument> page) {
        return page.get(0).versionNumber();
    }

    private static int lastVersion(List<VersionDocument> page) {
        return page.get(page.size() - 1).versionNumber();
    }
}

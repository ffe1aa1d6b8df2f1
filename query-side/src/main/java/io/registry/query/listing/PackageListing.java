package io.registry.query.listing;

import io.registry.access.AccessPolicy;
import io.registry.access.Caller;
import io.registry.api.paging.Page;
import io.registry.api.paging.Pagination;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.events.OwnerType;
import io.registry.query.readmodel.EntityDocument;
import io.registry.query.readmodel.PackageSearch;
import io.registry.query.readmodel.ReadModelStore;
import io.registry.query.readmodel.ReadModelStore.PackagePage;
import io.registry.query.readmodel.ReleasePosition;

import java.util.ArrayList;
import java.util.List;

/**
 * A zone's packages the caller may read, most recently released first ({@link ReleasePosition#ORDER}), with the
 * cursor contract of the version listings: {@code after} pages towards packages released earlier, {@code before}
 * towards those released later, cursors null at the ends, {@code limit} 1..100 (default 20), {@code total_count} the
 * packages matching the search that the caller may read.
 *
 * <p>A cursor is a position in the release order, not a snapshot. A package whose version is confirmed while a client
 * pages moves to the front: a walk towards older packages does not show it again if it was already shown, and does
 * not reach it if it was not (it is on the first page now). No package is shown twice in one walk in one direction,
 * and every package that kept its place is shown once.
 */
public class PackageListing {

    /** Longest {@code q}, in characters. */
    public static final int MAX_TEXT = 200;
    /** Most {@code tag} parameters, and the longest tag (code points, as release tags). */
    public static final int MAX_TAGS = 10;
    public static final int MAX_TAG = 64;

    private final ReadModelStore store;

    public PackageListing(ReadModelStore store) {
        this.store = store;
    }

    /** What a client asked for: the zone, the search parameters and the paging parameters, as sent. */
    public record Request(String zoneId, String text, List<String> tags, String ownerType, String after, String before,
                          Integer limit) {
    }

    public Page<PackageSummary> page(Caller caller, Request request) {
        List<FieldViolation> violations = new ArrayList<>();
        String text = text(request.text(), violations);
        List<String> tags = tags(request.tags(), violations);
        OwnerType ownerType = ownerType(request.ownerType(), violations);
        if (request.after() != null && request.before() != null) {
            violations.add(new FieldViolation("after", "mutually_exclusive", "give either after or before, not both"));
            violations.add(new FieldViolation("before", "mutually_exclusive", "give either after or before, not both"));
        }
        PackageCursor after = cursor("after", request.after(), request.zoneId(), violations);
        PackageCursor before = cursor("before", request.before(), request.zoneId(), violations);
        int size = VersionListing.LIMIT.valueOf(request.limit(), violations);
        if (!violations.isEmpty()) {
            throw ApiException.badRequest(violations);
        }
        if (!store.zoneExists(request.zoneId())) {
            throw ApiException.notFound("zone_not_found", "No zone " + request.zoneId() + ".");
        }
        PackageSearch search = new PackageSearch(request.zoneId(), AccessPolicy.readScope(caller), text, tags,
                ownerType);
        String zoneId = request.zoneId();
        if (before != null) {
            PackagePage found = store.packagePage(search, before.position(), true, size + 1);
            List<EntityDocument> items = found.items();
            boolean moreNewer = items.size() > size;
            List<EntityDocument> page = moreNewer ? items.subList(1, items.size()) : items;
            boolean olderExist = found.total() - found.beyond() > 0;
            String towardsOlder = !olderExist ? null : page.isEmpty() ? before.encode() : cursor(zoneId, last(page));
            String towardsNewer = moreNewer ? cursor(zoneId, page.get(0)) : null;
            return page(page, towardsOlder, towardsNewer, found.total());
        }
        PackagePage found = store.packagePage(search, after == null ? null : after.position(), false, size + 1);
        List<EntityDocument> items = found.items();
        boolean moreOlder = items.size() > size;
        List<EntityDocument> page = moreOlder ? items.subList(0, size) : items;
        boolean newerExist = found.total() - found.beyond() > 0;
        String towardsOlder = moreOlder ? cursor(zoneId, last(page)) : null;
        String towardsNewer = !newerExist ? null : page.isEmpty() ? after.encode() : cursor(zoneId, page.get(0));
        return page(page, towardsOlder, towardsNewer, found.total());
    }

    private static Page<PackageSummary> page(List<EntityDocument> entities, String afterCursor, String beforeCursor,
                                             long total) {
        return new Page<>(entities.stream().map(PackageSummary::of).toList(),
                new Pagination(afterCursor, beforeCursor, total));
    }

    private static String cursor(String zoneId, EntityDocument entity) {
        return new PackageCursor(zoneId, ReleasePosition.of(entity)).encode();
    }

    private static EntityDocument last(List<EntityDocument> page) {
        return page.get(page.size() - 1);
    }

    private static String text(String text, List<FieldViolation> violations) {
        if (text == null) {
            return null;
        }
        if (text.length() > MAX_TEXT) {
            violations.add(new FieldViolation("q", "out_of_range", "must be at most " + MAX_TEXT + " characters"));
            return null;
        }
        if (text.codePoints().noneMatch(Character::isLetterOrDigit)) {
            violations.add(new FieldViolation("q", "invalid_value", "must hold at least one letter or digit"));
            return null;
        }
        return text;
    }

    private static List<String> tags(List<String> tags, List<FieldViolation> violations) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > MAX_TAGS) {
            violations.add(new FieldViolation("tag", "out_of_range", "must be given at most " + MAX_TAGS + " times"));
            return List.of();
        }
        for (String tag : tags) {
            if (tag.codePointCount(0, tag.length()) > MAX_TAG) {
                violations.add(new FieldViolation("tag", "out_of_range", "must be at most " + MAX_TAG + " characters"));
                return List.of();
            }
        }
        return tags;
    }

    private static OwnerType ownerType(String ownerType, List<FieldViolation> violations) {
        if (ownerType == null) {
            return null;
        }
        OwnerType parsed = OwnerType.fromWireName(ownerType);
        if (parsed == null) {
            violations.add(new FieldViolation("owner_type", "invalid_value", "must be platform or customer"));
        }
        return parsed;
    }

    private static PackageCursor cursor(String name, String text, String zoneId, List<FieldViolation> violations) {
        if (text == null) {
            return null;
        }
        if (text.isEmpty() || text.length() > 255) {
            violations.add(new FieldViolation(name, "out_of_range", "must be 1 to 255 characters"));
            return null;
        }
        PackageCursor cursor = PackageCursor.decode(text).orElse(null);
        if (cursor == null || !cursor.zoneId().equals(zoneId)) {
            violations.add(new FieldViolation(name, "invalid_cursor",
                    "is not a cursor returned by this listing for this zone"));
            return null;
        }
        return cursor;
    }
}

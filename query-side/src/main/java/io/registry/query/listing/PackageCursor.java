package io.registry.query.listing;

import io.registry.api.paging.OpaqueToken;
import io.registry.query.readmodel.ReleasePosition;

import java.util.Optional;

/**
 * An opaque page boundary of a zone's packages: the release position of the last package shown in the direction of
 * travel, bound to one zone so a cursor of another zone (or of a version listing) is refused. The number is
 * {@code latest_version_at} in epoch milliseconds plus one, 0 for a package without a version.
 */
record PackageCursor(String zoneId, ReleasePosition position) {

    private static final String KIND = "z1";

    String encode() {
        Long latest = position.latestVersionAt();
        return new OpaqueToken(KIND, latest == null ? 0 : latest + 1, zoneId + "|" + position.entityId()).encode();
    }

    static Optional<PackageCursor> decode(String text) {
        return OpaqueToken.decode(text, KIND).flatMap(token -> {
            int bar = token.scope().indexOf('|');
            if (bar <= 0 || bar == token.scope().length() - 1) {
                return Optional.empty();
            }
            Long latest = token.number() == 0 ? null : token.number() - 1;
            return Optional.of(new PackageCursor(token.scope().substring(0, bar),
                    new ReleasePosition(latest, token.scope().substring(bar + 1))));
        });
    }
}

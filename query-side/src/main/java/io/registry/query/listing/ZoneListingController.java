package io.registry.query.listing;

import io.registry.api.request.ValidEntityId;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.api.consistency.ConsistencyToken;
import io.registry.access.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** {@code GET /zones/{zone_id}/packages/{package_id}/versions}, exactly as the zone listing document says. */
@RestController
public class ZoneListingController {

    private final VersionListing listing;
    private final ReadYourWrites readYourWrites;

    public ZoneListingController(VersionListing listing, ReadYourWrites readYourWrites) {
        this.listing = listing;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping("/zones/{zone_id}/packages/{package_id}/versions")
    public ResponseEntity<Map<String, Object>> list(
            @PathVariable("zone_id") @ValidEntityId String zoneId,
            @PathVariable("package_id") @ValidEntityId String packageId,
            @RequestParam(value = "after", required = false) String after,
            @RequestParam(value = "before", required = false) String before,
            @RequestParam(value = "limit", required = false) Integer limit,
            @RequestHeader(value = ConsistencyToken.HEADER, required = false) String consistencyToken,
            Caller caller) {
        boolean caughtUp = readYourWrites.awaitToken(consistencyToken, ReadYourWrites.Reads.BY_SEARCH);
        ObjectNode entity = listing.readableEntity(caller, zoneId, packageId);
        return ReadYourWrites.ok(caughtUp)
                .body(listing.listing(entity, after, before, limit, PackageVersionView::packageVersion));
    }
}

package io.registry.query.listing;

import io.registry.access.Caller;
import io.registry.api.consistency.ConsistencyToken;
import io.registry.api.paging.Page;
import io.registry.api.request.ValidEntityId;
import io.registry.query.read.EntityReads;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /zones/{zone_id}/packages/{package_id}/versions}, exactly as the zone listing document says. */
@RestController
public class ZoneListingController {

    private final EntityReads reads;
    private final VersionListing listing;

    public ZoneListingController(EntityReads reads, VersionListing listing) {
        this.reads = reads;
        this.listing = listing;
    }

    @GetMapping("/zones/{zone_id}/packages/{package_id}/versions")
    public ResponseEntity<Page<PackageVersion>> list(
            @PathVariable("zone_id") @ValidEntityId String zoneId,
            @PathVariable("package_id") @ValidEntityId String packageId,
            @RequestParam(value = "after", required = false) String after,
            @RequestParam(value = "before", required = false) String before,
            @RequestParam(value = "limit", required = false) Integer limit,
            @RequestHeader(value = ConsistencyToken.HEADER, required = false) String consistencyToken,
            Caller caller) {
        return listing.respond(packageId, consistencyToken,
                () -> reads.openInZone(caller, zoneId, packageId, consistencyToken), after, before, limit,
                PackageVersion::of);
    }
}

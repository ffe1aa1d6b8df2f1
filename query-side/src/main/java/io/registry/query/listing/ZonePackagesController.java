package io.registry.query.listing;

import io.registry.access.Caller;
import io.registry.api.consistency.ConsistencyToken;
import io.registry.api.paging.Page;
import io.registry.api.request.ValidEntityId;
import io.registry.query.read.ReadYourWrites;
import io.registry.query.read.ReadYourWrites.Reads;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code GET /zones/{zone_id}/packages}: the packages of a zone the caller may read, most recently released first. */
@RestController
public class ZonePackagesController {

    private final ReadYourWrites readYourWrites;
    private final PackageListing listing;

    public ZonePackagesController(ReadYourWrites readYourWrites, PackageListing listing) {
        this.readYourWrites = readYourWrites;
        this.listing = listing;
    }

    @GetMapping("/zones/{zone_id}/packages")
    public ResponseEntity<Page<PackageSummary>> list(
            @PathVariable("zone_id") @ValidEntityId String zoneId,
            @RequestParam(value = "q", required = false) String q,
            @RequestParam(value = "tag", required = false) List<String> tag,
            @RequestParam(value = "owner_type", required = false) String ownerType,
            @RequestParam(value = "after", required = false) String after,
            @RequestParam(value = "before", required = false) String before,
            @RequestParam(value = "limit", required = false) Integer limit,
            @RequestHeader(value = ConsistencyToken.HEADER, required = false) String consistencyToken,
            Caller caller, HttpServletRequest http) {
        // each tag as sent: Spring would split a single value at its commas, and a tag may hold a comma
        String[] tags = tag == null ? null : http.getParameterValues("tag");
        boolean caughtUp = readYourWrites.awaitToken(consistencyToken, Reads.BY_ENTITY_SEARCH);
        return ReadYourWrites.ok(caughtUp).body(listing.page(caller,
                new PackageListing.Request(zoneId, q, tags == null ? null : List.of(tags), ownerType, after, before, limit)));
    }
}

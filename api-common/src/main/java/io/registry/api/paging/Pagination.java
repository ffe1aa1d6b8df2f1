package io.registry.api.paging;

import org.springframework.lang.Nullable;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The documented {@code pagination} object of every paged list: cursors towards the next items in each direction
 * (null at the ends) and how many items the whole list holds.
 */
public record Pagination(@JsonProperty("after_cursor") @Nullable String afterCursor,
                         @JsonProperty("before_cursor") @Nullable String beforeCursor,
                         @JsonProperty("total_count") long totalCount) {
}

package io.registry.api.paging;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The documented shape of every paged list: its {@code items} and the {@code pagination} around them. */
public record Page<T>(@JsonProperty("items") List<T> items, @JsonProperty("pagination") Pagination pagination) {
}

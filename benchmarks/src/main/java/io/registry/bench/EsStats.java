package io.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters of Elasticsearch's own work on some indices (primaries): refreshes (including the internal ones a
 * realtime GET or an update of a changed document forces), indexing, GETs, merges. Diffed around a workload, they
 * show where Elasticsearch spends its time per event.
 */
final class EsStats {

    private static final String[][] FIELDS = {
            {"refresh", "total"}, {"refresh", "external_total"}, {"refresh", "total_time_in_millis"},
            {"indexing", "index_total"}, {"indexing", "index_time_in_millis"},
            {"get", "total"}, {"get", "time_in_millis"},
            {"search", "query_total"}, {"search", "query_time_in_millis"},
            {"merges", "total"}, {"merges", "total_time_in_millis"},
            {"flush", "total"}, {"segments", "count"}};

    private EsStats() {
    }

    static Map<String, Long> snapshot(BenchTarget sut, String indices) {
        Map<String, Long> values = new LinkedHashMap<>();
        try {
            JsonNode primaries = sut.es("GET", "/" + indices + "/_stats/refresh,indexing,get,search,merge,flush,segments", null)
                    .path("_all").path("primaries");
            for (String[] field : FIELDS) {
                values.put(field[0] + "." + field[1], primaries.path(field[0]).path(field[1]).asLong());
            }
        } catch (RuntimeException e) {
            values.put("error", -1L);
        }
        return values;
    }

    /** after - before (segments.count: the value after); per-event figures when {@code events} > 0. */
    static Map<String, Object> diff(Map<String, Long> before, Map<String, Long> after, long events) {
        Map<String, Object> diff = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long value = e.getKey().equals("segments.count") ? e.getValue()
                    : e.getValue() - before.getOrDefault(e.getKey(), 0L);
            diff.put(e.getKey(), value);
        }
        if (events > 0) {
            long refreshes = (Long) diff.getOrDefault("refresh.total", 0L);
            long external = (Long) diff.getOrDefault("refresh.external_total", 0L);
            diff.put("events", events);
            diff.put("internal_refreshes_per_event", Latencies.round((refreshes - external) / (double) events));
            diff.put("refresh_ms_per_event", Latencies.round((Long) diff.getOrDefault("refresh.total_time_in_millis", 0L) / (double) events));
            diff.put("index_ms_per_event", Latencies.round((Long) diff.getOrDefault("indexing.index_time_in_millis", 0L) / (double) events));
            diff.put("get_ms_per_event", Latencies.round((Long) diff.getOrDefault("get.time_in_millis", 0L) / (double) events));
            diff.put("merge_ms_per_event", Latencies.round((Long) diff.getOrDefault("merges.total_time_in_millis", 0L) / (double) events));
        }
        return diff;
    }
}

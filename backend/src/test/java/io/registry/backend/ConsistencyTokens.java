package io.registry.backend;

import io.registry.api.consistency.ConsistencyToken;

import java.util.Collection;
import java.util.Comparator;

/** Picks, among consistency tokens of one entity, the one of its latest recorded event. */
final class ConsistencyTokens {

    private ConsistencyTokens() {
    }

    static String newest(Collection<String> tokens) {
        return tokens.stream()
                .max(Comparator.comparingLong(ConsistencyTokens::sequence))
                .orElseThrow(() -> new IllegalArgumentException("no token"));
    }

    static long sequence(String token) {
        return ConsistencyToken.decode(token)
                .orElseThrow(() -> new IllegalArgumentException("not a consistency token: " + token))
                .sequence();
    }
}

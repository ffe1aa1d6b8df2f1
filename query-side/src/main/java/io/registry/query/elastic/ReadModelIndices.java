package io.registry.query.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.GetAliasResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * The read-model indices live behind aliases ({@code registry-versions}, {@code registry-entities}); a
 * rebuild writes new concrete indices and swaps the aliases, so readers never see a half-built model.
 */
public class ReadModelIndices {

    private static final Logger log = LoggerFactory.getLogger(ReadModelIndices.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    public static final String VERSIONS = "registry-versions";
    public static final String ENTITIES = "registry-entities";
    public static final List<String> ALIASES = List.of(VERSIONS, ENTITIES);

    private final ElasticsearchClient client;
    private final Clock clock;

    public ReadModelIndices(ElasticsearchClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Creates the live indices and their aliases when they do not exist yet. */
    public void ensureLive() {
        for (String alias : ALIASES) {
            try {
                if (!client.indices().existsAlias(a -> a.name(alias)).value()) {
                    String index = create(alias, SUFFIX.format(clock.instant()));
                    client.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(index).alias(alias))));
                    log.info("Created read-model index {} behind alias {}", index, alias);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare Elasticsearch index " + alias, e);
            }
        }
    }

    /** Creates a concrete index {@code <alias>-<suffix>} with the alias' mapping; returns its name. */
    public String create(String alias, String suffix) throws IOException {
        String index = alias + "-" + suffix;
        try (InputStream mapping = getClass().getResourceAsStream("/elasticsearch/" + alias + ".json")) {
            client.indices().create(c -> c.index(index).withJson(mapping));
        }
        return index;
    }

    /** The concrete indices an alias points at now. */
    public Set<String> indicesOf(String alias) throws IOException {
        GetAliasResponse response = client.indices().getAlias(a -> a.name(alias));
        return response.result().keySet();
    }
}

package io.registry.query.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.GetAliasResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.indices.TranslogDurability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The read-model indices live behind aliases ({@code <prefix>-versions}, {@code <prefix>-entities}, the prefix
 * {@code registry} unless {@code registry.elasticsearch.index-prefix} says otherwise, so that several registries
 * can share one cluster); a rebuild writes new concrete indices and swaps the aliases, so readers never see a
 * half-built model.
 */
public class ReadModelIndices {

    private static final Logger log = LoggerFactory.getLogger(ReadModelIndices.class);

    public static final String DEFAULT_PREFIX = "registry";
    /** Suffix of the first concrete index behind each alias (rebuilds then create timestamped ones). */
    static final String INITIAL_SUFFIX = "initial";
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9_-]{0,199}");

    private final ElasticsearchClient client;
    private final String versions;
    private final String entities;

    public ReadModelIndices(ElasticsearchClient client, String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("registry.elasticsearch.index-prefix must be lowercase letters, digits, "
                    + "'-' or '_', starting with a letter or digit: " + prefix);
        }
        this.client = client;
        this.versions = prefix + "-versions";
        this.entities = prefix + "-entities";
    }

    /** The alias readers and the live projection use for the versions read model. */
    public String versions() {
        return versions;
    }

    /** The alias readers and the live projection use for the entities read model. */
    public String entities() {
        return entities;
    }

    /**
     * Creates the live indices and their aliases when they do not exist yet. The first index of an alias has a fixed
     * name ({@code <alias>-initial}), so instances starting at the same moment create (and alias) the same index
     * instead of one each behind the same alias.
     */
    public void ensureLive() {
        for (String alias : List.of(versions, entities)) {
            try {
                if (!client.indices().existsAlias(a -> a.name(alias)).value()) {
                    String index = alias + "-" + INITIAL_SUFFIX;
                    try {
                        create(alias, INITIAL_SUFFIX);
                        log.info("Created read-model index {} behind alias {}", index, alias);
                    } catch (ElasticsearchException e) {
                        if (!"resource_already_exists_exception".equals(e.error().type())) {
                            throw e;
                        }
                    }
                    client.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(index).alias(alias))));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare Elasticsearch index " + alias, e);
            }
        }
    }

    /** Creates a concrete index {@code <alias>-<suffix>} with the alias' mapping; returns its name. */
    public String create(String alias, String suffix) throws IOException {
        String mappingFile;
        if (alias.equals(versions)) {
            mappingFile = "/elasticsearch/registry-versions.json";
        } else if (alias.equals(entities)) {
            mappingFile = "/elasticsearch/registry-entities.json";
        } else {
            throw new IllegalArgumentException("not a read-model alias: " + alias);
        }
        String index = alias + "-" + suffix;
        try (InputStream mapping = getClass().getResourceAsStream(mappingFile)) {
            client.indices().create(c -> c.index(index).withJson(mapping));
        }
        return index;
    }

    /**
     * Settings for an index a rebuild is filling, that nobody reads yet: no periodic refresh, and the translog synced
     * in the background instead of on every bulk request. Should Elasticsearch stop meanwhile, the rebuild fails and
     * its indices are thrown away; the live ones were never touched.
     */
    public void bulkLoading(String... indexNames) throws IOException {
        client.indices().putSettings(p -> p.index(List.of(indexNames)).settings(s -> s.refreshInterval(t -> t.time("-1"))
                .translog(t -> t.durability(TranslogDurability.Async))));
    }

    /**
     * Back to the settings of a live index (those of its mapping file), then a refresh and a flush, so that everything
     * loaded is searchable and on disk before readers are pointed at it.
     */
    public void serving(String... indexNames) throws IOException {
        client.indices().putSettings(p -> p.index(List.of(indexNames)).settings(s -> s.refreshInterval(t -> t.time("1s"))
                .translog(t -> t.durability(TranslogDurability.Request))));
        client.indices().refresh(r -> r.index(List.of(indexNames)));
        client.indices().flush(f -> f.index(List.of(indexNames)));
    }

    /** The concrete indices an alias points at now. */
    public Set<String> indicesOf(String alias) throws IOException {
        GetAliasResponse response = client.indices().getAlias(a -> a.name(alias));
        return response.result().keySet();
    }
}

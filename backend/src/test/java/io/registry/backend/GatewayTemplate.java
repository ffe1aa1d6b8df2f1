package io.registry.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code deploy/nginx.conf}, the gateway docker-compose runs, filled in as envsubst fills it in there: every
 * {@code ${NAME}} replaced by its value. nginx's own variables ({@code $name}, no braces) are left alone.
 */
final class GatewayTemplate {

    static final String PORT = "REGISTRY_GATEWAY_PORT";
    static final String COMMAND_SIDE_SERVERS = "REGISTRY_COMMAND_SIDE_SERVERS";
    static final String QUERY_SIDE_SERVERS = "REGISTRY_QUERY_SIDE_SERVERS";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final String text;

    private GatewayTemplate(String text) {
        this.text = text;
    }

    /** The template in this checkout. */
    static GatewayTemplate load() {
        Path file = RepositoryFiles.root().resolve("deploy/nginx.conf");
        try {
            return new GatewayTemplate(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gateway template " + file, e);
        }
    }

    /** The names of its placeholders. */
    Set<String> placeholders() {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The configuration with every placeholder filled in; a placeholder without a value, or a value without a placeholder, is a mistake. */
    String render(Map<String, String> values) {
        if (!placeholders().equals(new TreeSet<>(values.keySet()))) {
            throw new IllegalArgumentException("the gateway template has the placeholders " + placeholders()
                    + ", the values given are for " + new TreeSet<>(values.keySet()));
        }
        return PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(values.get(m.group(1))));
    }

    /** Upstream entries for instances listening on these loopback ports. */
    static String servers(List<Integer> ports) {
        return ports.stream().map(port -> "server 127.0.0.1:" + port + ";").collect(Collectors.joining(" "));
    }
}

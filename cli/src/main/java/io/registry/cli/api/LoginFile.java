package io.registry.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.cli.CliContext;
import io.registry.cli.CliFailure;
import io.registry.cli.ExitCode;
import io.registry.cli.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code config.json} in the configuration directory ({@link CliContext#configDirectory()}): the base URL and the
 * token {@code registry login} stored, {@code {"url": "...", "token": "..."}}, readable by its owner only.
 */
public final class LoginFile {

    public static final String FILE = "config.json";

    private final Path file;

    public LoginFile(Path configDirectory) {
        this.file = configDirectory.resolve(FILE);
    }

    public Path path() {
        return file;
    }

    public Optional<Endpoint> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode login = Json.parse(Files.readString(file));
            String url = Json.text(login, "url");
            if (url == null) {
                throw new CliFailure(ExitCode.USAGE, file + " has no \"url\": run `registry login` again");
            }
            return Optional.of(new Endpoint(url, Json.text(login, "token")));
        } catch (IOException e) {
            throw new CliFailure(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage()
                    + " (run `registry login` again)", e);
        }
    }

    public void write(Endpoint login) throws IOException {
        Map<String, String> content = new LinkedHashMap<>();
        content.put("url", login.baseUrl());
        content.put("token", login.token());
        PrivateFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(content) + "\n");
    }

    public boolean delete() throws IOException {
        return Files.deleteIfExists(file);
    }

    /**
     * The registry a command talks to: {@code REGISTRY_URL}, else the stored login's URL, else
     * {@value Endpoint#DEFAULT_URL} (the local run); the token is {@code REGISTRY_TOKEN}, else the stored one, which
     * is sent only to the URL it was stored for (a token never leaks to another registry through REGISTRY_URL).
     */
    public static Endpoint endpoint(CliContext context) {
        Optional<Endpoint> stored = new LoginFile(context.configDirectory()).read();
        String url = context.env("REGISTRY_URL") != null ? Endpoint.normalize(context.env("REGISTRY_URL"))
                : stored.map(Endpoint::baseUrl).orElse(Endpoint.DEFAULT_URL);
        String token = context.env("REGISTRY_TOKEN");
        if (token == null && stored.isPresent() && stored.get().baseUrl().equals(url)) {
            token = stored.get().token();
        }
        return new Endpoint(url, token);
    }
}

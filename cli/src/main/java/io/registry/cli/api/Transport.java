package io.registry.cli.api;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Sends one HTTP exchange: the JDK client in the CLI; a test may put something between the CLI and the network. */
public interface Transport {

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException;

    static Transport of(HttpClient client) {
        return client::send;
    }
}

package io.registry.cli.api;

import io.registry.cli.CliContext;
import io.registry.cli.CliFailure;
import io.registry.cli.ExitCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Flow;

/**
 * Transfers straight to and from storage through the signed URLs the registry hands out (no bearer token: the
 * signature is the permission). Both are retried like API calls (a PUT of the same bytes, a GET, are safe to repeat).
 */
public final class SignedUrls {

    private SignedUrls() {
    }

    /** PUTs the file to a signed upload URL, with a progress bar when someone watches. */
    public static void put(CliContext context, String url, Path file, String label) {
        long size = size(file);
        Progress progress = Progress.of(context.interactive(), context.err(), label, size);
        HttpResponse<String> response = Retrying.send(context, "PUT " + label + " to storage", () -> {
            progress.restart();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .PUT(new CountingPublisher(HttpRequest.BodyPublishers.ofFile(file), progress))
                    .build();
            return context.transport().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }, Retrying::serverAskedToRetry);
        progress.finish();
        if (response.statusCode() / 100 != 2) {
            boolean refused = response.statusCode() >= 400 && response.statusCode() < 500 && response.statusCode() != 429;
            throw new CliFailure(refused ? ExitCode.REFUSED : ExitCode.UNAVAILABLE,
                    "storage refused the upload of " + label + ": " + response.statusCode() + " "
                            + Problem.abbreviate(response.body()));
        }
    }

    /** A file that was downloaded, and the SHA-256 of its bytes. */
    public record Downloaded(Path file, long sizeBytes, String sha256) {
    }

    /** GETs a signed download URL into {@code target} (created or replaced), digesting the bytes on the way. */
    public static Downloaded get(CliContext context, String url, Path target, long expectedSize, String label) {
        Progress progress = Progress.of(context.interactive(), context.err(), label, expectedSize);
        MessageDigest[] digest = new MessageDigest[1];
        HttpResponse<InputStream> response = Retrying.send(context, "GET " + label + " from storage", () -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
            HttpResponse<InputStream> answer = context.transport().send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (answer.statusCode() / 100 == 2) {
                progress.restart();
                digest[0] = sha256();
                try (InputStream body = new DigestInputStream(answer.body(), digest[0]);
                     OutputStream out = Files.newOutputStream(target)) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int read; (read = body.read(buffer)) >= 0; ) {
                        out.write(buffer, 0, read);
                        progress.advance(read);
                    }
                }
            } else {
                answer.body().close();
            }
            return answer;
        }, Retrying::serverAskedToRetry);
        progress.finish();
        if (response.statusCode() / 100 != 2) {
            throw new CliFailure(ExitCode.UNAVAILABLE, "storage answered " + response.statusCode()
                    + " to the download of " + label);
        }
        return new Downloaded(target, size(target), HexFormat.of().formatHex(digest[0].digest()));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file's bytes, counted into the progress bar as the client takes them. */
    private static final class CountingPublisher implements HttpRequest.BodyPublisher {
        private final HttpRequest.BodyPublisher delegate;
        private final Progress progress;

        CountingPublisher(HttpRequest.BodyPublisher delegate, Progress progress) {
            this.delegate = delegate;
            this.progress = progress;
        }

        @Override
        public long contentLength() {
            return delegate.contentLength();
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            delegate.subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriber.onSubscribe(subscription);
                }

                @Override
                public void onNext(ByteBuffer item) {
                    progress.advance(item.remaining());
                    subscriber.onNext(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    subscriber.onError(throwable);
                }

                @Override
                public void onComplete() {
                    subscriber.onComplete();
                }
            });
        }
    }
}

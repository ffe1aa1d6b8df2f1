package io.registry.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * Workload 1: publishing versions of M entities at concurrency c. Each worker publishes to its own entities
 * (w, w+c, w+2c, ...), so two publishes of one package never race, as with real publishers; the same split for the
 * peer.
 */
final class PublishWorkload {

    record Result(int concurrency, Workers.Outcome outcome, Latencies total, Latencies uploadUrl, Latencies put,
                  Latencies confirm) {
    }

    /** What a publish does to a peer: one operation, timed whole. */
    interface PeerPublish {
        void publish(String packageName, long versionIndex) throws Exception;
    }

    private PublishWorkload() {
    }

    /** The entity index operation {@code index} of worker {@code worker} uses. */
    static int entityFor(int worker, int index, int concurrency, int entities) {
        if (entities < concurrency) {
            return worker % entities;
        }
        int mine = (entities - worker + concurrency - 1) / concurrency;
        return worker + concurrency * (index % mine);
    }

    static Result ours(RegistryClient client, List<String> entities, int concurrency, int total, byte[] tarball,
                       VersionIds versionIds, LagWatchers.Projection projectionLag, LagWatchers.Kafka kafkaLag,
                       Duration limit) {
        Latencies all = new Latencies("ours c=" + concurrency, 500).start();
        Latencies uploadUrl = new Latencies("upload-url", 500).start();
        Latencies put = new Latencies("PUT to S3", 500).start();
        Latencies confirm = new Latencies("confirm", 500).start();
        Workers.Outcome outcome = Workers.run("publish-c" + concurrency, concurrency, total, limit, (w, i) -> {
            String entity = entities.get(entityFor(w, i, concurrency, entities.size()));
            long t0 = System.nanoTime();
            RegistryClient.Published published = client.publish(entity, versionIds.next(), tarball);
            long ack = System.nanoTime();
            all.record(ack - t0);
            uploadUrl.record(published.uploadUrlNanos());
            put.record(published.putNanos());
            confirm.record(published.confirmNanos());
            if (projectionLag != null) {
                projectionLag.expect(entity, published.token().sequence(), ack);
            }
            if (kafkaLag != null) {
                kafkaLag.expect(entity, published.token().sequence(), ack);
            }
        });
        all.stop();
        return new Result(concurrency, outcome, all, uploadUrl, put, confirm);
    }

    static Result peer(String label, List<String> packages, int concurrency, int total, PeerPublish publish,
                       Duration limit) {
        Latencies all = new Latencies(label + " c=" + concurrency, 500).start();
        AtomicLong versions = new AtomicLong();
        Workers.Outcome outcome = Workers.run("peer-c" + concurrency, concurrency, total, limit, (w, i) -> {
            String name = packages.get(entityFor(w, i, concurrency, packages.size()));
            long t0 = System.nanoTime();
            publish.publish(name, versions.getAndIncrement());
            all.record(System.nanoTime() - t0);
        });
        all.stop();
        return new Result(concurrency, outcome, all, null, null, null);
    }

    /** A small package: a gzip'd tar with package/package.json and package/index.js (about 1.5 KB). */
    static byte[] smallTarball() {
        try {
            ByteArrayOutputStream tar = new ByteArrayOutputStream();
            addTarEntry(tar, "package/package.json",
                    "{\"name\":\"bench-package\",\"version\":\"1.0.0\",\"main\":\"index.js\",\"license\":\"MIT\"}\n");
            StringBuilder source = new StringBuilder("'use strict';\n");
            Random random = new Random(42);
            for (int i = 0; i < 40; i++) {
                source.append("exports.f").append(i).append(" = () => ").append(random.nextInt(1_000_000)).append(";\n");
            }
            addTarEntry(tar, "package/index.js", source.toString());
            tar.write(new byte[1024]);
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(tar.toByteArray());
            }
            return gz.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addTarEntry(ByteArrayOutputStream tar, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", data.length));
        put(header, 136, String.format("%011o", 1_700_000_000L));
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        header[155] = ' ';
        tar.write(header);
        tar.write(data);
        tar.write(new byte[(512 - data.length % 512) % 512]);
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}

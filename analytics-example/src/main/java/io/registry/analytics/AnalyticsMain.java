package io.registry.analytics;

import org.apache.kafka.common.errors.WakeupException;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link AnalyticsConsumer} until interrupted (Ctrl-C), printing the figures every interval.
 *
 * <pre>
 * --bootstrap-servers HOST:PORT[,...]   required
 * --topic NAME                          default registry.entity-events.v1
 * --group ID                            default registry-analytics-example
 * --interval SECONDS                    default 10
 * --dedup-capacity N                    default 100000 (ce_ids remembered for deduplication)
 * </pre>
 */
public final class AnalyticsMain {

    private static final String USAGE = "usage: AnalyticsMain --bootstrap-servers HOST:PORT[,...] [--topic NAME] "
            + "[--group ID] [--interval SECONDS] [--dedup-capacity N]";

    private AnalyticsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String bootstrap;
        String topic;
        String group;
        Duration interval;
        int capacity;
        try {
            Map<String, String> options = parse(args);
            bootstrap = options.get("--bootstrap-servers");
            topic = options.getOrDefault("--topic", AnalyticsConsumer.DEFAULT_TOPIC);
            group = options.getOrDefault("--group", AnalyticsConsumer.DEFAULT_GROUP);
            interval = Duration.ofSeconds(Long.parseLong(options.getOrDefault("--interval", "10")));
            capacity = Integer.parseInt(options.getOrDefault("--dedup-capacity",
                    Integer.toString(AnalyticsConsumer.DEFAULT_DEDUP_CAPACITY)));
            if (interval.isNegative() || interval.isZero() || capacity < 1) {
                throw new IllegalArgumentException("--interval and --dedup-capacity must be positive");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }

        PrintStream out = System.out;
        out.printf("Consuming %s from %s as group %s; figures every %d s (Ctrl-C stops)%n", topic, bootstrap, group,
                interval.toSeconds());
        AnalyticsConsumer analytics = AnalyticsConsumer.connect(bootstrap, topic, group, capacity);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            analytics.wakeup();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "analytics-shutdown"));
        try {
            while (true) {
                Figures figures = analytics.run(interval);
                out.println("== " + Instant.now());
                out.print(figures.describe());
                out.flush();
            }
        } catch (WakeupException stopping) {
            out.println("== final");
            out.print(analytics.figures().describe());
        } finally {
            analytics.close();
            stopped.countDown();
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value;
            int equals = name.indexOf('=');
            if (equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("missing value for " + name);
            }
            switch (name) {
                case "--bootstrap-servers", "--topic", "--group", "--interval", "--dedup-capacity" ->
                        options.put(name, value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (!options.containsKey("--bootstrap-servers")) {
            throw new IllegalArgumentException("--bootstrap-servers is required");
        }
        return options;
    }
}

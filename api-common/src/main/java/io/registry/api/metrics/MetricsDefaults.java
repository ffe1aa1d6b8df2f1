package io.registry.api.metrics;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/**
 * How both sides' meters are published (histogram buckets of the latency timers, common tags); any application
 * property overrides them. The Prometheus endpoint itself is exposed by each side's configuration file and, like
 * every actuator endpoint but the health status, needs the admin role.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:registry-metrics-defaults.properties")
public class MetricsDefaults {
}

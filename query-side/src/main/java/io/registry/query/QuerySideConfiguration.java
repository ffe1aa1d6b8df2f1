package io.registry.query;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/** Defaults of the query side, overridable by any application property. */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:registry-query-defaults.properties")
public class QuerySideConfiguration {
}

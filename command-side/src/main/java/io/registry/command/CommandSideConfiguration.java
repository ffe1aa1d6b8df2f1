package io.registry.command;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/** Defaults of the command side, overridable by any application property. */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:registry-command-defaults.properties")
public class CommandSideConfiguration {
}

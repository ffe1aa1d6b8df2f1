package io.registry.command.web;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
public class CommandWebConfiguration {

    /**
     * Before the request-id filter (+10), the body limit (+20) and Spring Security (-100), so that the answers they
     * give to a command are counted too.
     */
    @Bean
    FilterRegistrationBean<CommandOutcomeFilter> commandOutcomeFilter(MeterRegistry meters) {
        FilterRegistrationBean<CommandOutcomeFilter> registration =
                new FilterRegistrationBean<>(new CommandOutcomeFilter(meters));
        registration.addUrlPatterns(CommandRoute.BASE, CommandRoute.BASE + "/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }
}

package io.registry.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.Host;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The HTTP edges both sides share: whatever Tomcat, Spring Security's firewall or Spring's error handling
 * refuse is a problem+json with a code; bodies are bounded and UTF-8; query strings hold only what a route
 * declares. Runs before Spring Boot's error configuration so that its {@code BasicErrorController} stays out.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@EnableConfigurationProperties(HttpEdgesConfiguration.HttpLimits.class)
public class HttpEdgesConfiguration implements WebMvcConfigurer {

    /** {@code registry.http.*}: the largest request body accepted (default 1 MiB). */
    @ConfigurationProperties("registry.http")
    public record HttpLimits(@DefaultValue("1MB") DataSize maxBodySize) {
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(HttpLimits limits, ObjectMapper mapper) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(limits.maxBodySize().toBytes(), mapper));
        // after the request-id filter (so a 413 echoes the id), before Spring Security (-100) and every reader
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    BodySizeLimitFilter.TooLargeBodyResolver tooLargeBodyResolver(ObjectMapper mapper) {
        return new BodySizeLimitFilter.TooLargeBodyResolver(mapper);
    }

    @Bean
    HttpFirewall httpFirewall() {
        return new UrlFirewall();
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler(ObjectMapper mapper) {
        return UrlFirewall.handler(mapper);
    }

    @Bean
    ProblemErrorController problemErrorController(ErrorAttributes errorAttributes, ObjectMapper mapper) {
        return new ProblemErrorController(errorAttributes, mapper);
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(ObjectMapper mapper) {
        return new TomcatEdges(mapper);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new DeclaredQueryParameters()).excludePathPatterns("/error");
        registry.addInterceptor(new Utf8BodiesOnly());
    }

    /**
     * Puts {@link ProblemErrorReportValve} on the host in place of Tomcat's (and Spring Boot's) HTML
     * {@link ErrorReportValve}, and stops Tomcat from draining the rest of a body it answered 413 to (it closes
     * the connection instead). Ordered last so that Spring Boot's own context customizer, which adds its
     * valve, has run before this one removes it.
     */
    static final class TomcatEdges implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        private final ObjectMapper mapper;

        TomcatEdges(ObjectMapper mapper) {
            this.mapper = mapper;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                context.setSwallowAbortedUploads(false);
                Host host = (Host) context.getParent();
                Pipeline pipeline = host.getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        pipeline.removeValve(valve);
                    }
                }
                pipeline.addValve(new ProblemErrorReportValve(mapper));
                if (host instanceof StandardHost standardHost) {
                    // the host adds a valve of this class at start unless it finds one: let it find ours
                    standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}

package io.registry.query.console;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web console at {@code /ui/}: static files (HTML, CSS, JavaScript modules) from {@code classpath:/console/}. The
 * page itself needs no token; every API call it makes carries the signed-in user's. Files are revalidated on every
 * load ({@code no-cache}), so a new release of the console is picked up at once.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration implements WebMvcConfigurer {

    /** Where the console is served. */
    public static final String PATH = "/ui/";

    /**
     * What the console's pages may load: their own files only, and calls to the registry at the same origin; images
     * (package icons) from anywhere over https. Downloads are navigations to signed storage URLs, which this does not
     * limit.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' https: data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(PATH + "**")
                .addResourceLocations("classpath:/console/")
                .setCacheControl(CacheControl.noCache());
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/ui", PATH);
        registry.addViewController(PATH).setViewName("forward:" + PATH + "index.html");
    }

    @Bean
    FilterRegistrationBean<Filter> consoleContentSecurityPolicy() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            ((HttpServletResponse) response).setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            chain.doFilter(request, response);
        });
        registration.addUrlPatterns("/ui", PATH + "*");
        registration.setName("consoleContentSecurityPolicy");
        return registration;
    }
}

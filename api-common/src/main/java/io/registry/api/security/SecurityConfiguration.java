package io.registry.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.access.Caller;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.ProblemWriter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;
import java.util.List;

/**
 * Bearer JWT on every route except the health status, the API document with Swagger UI, the local dev token route
 * and the web console's static files ({@code /ui/}); actuator endpoints beyond the health status need the
 * {@code admin} role. In production the token's
 * keys come from the issuer's JWKS ({@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri});
 * in the {@code local} profile from the {@link DevTokenSigner}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration implements WebMvcConfigurer {

    /** See {@link RememberingJwtDecoder}; static, as a post-processor must be. */
    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor rememberVerifiedTokens() {
        return RememberingJwtDecoder.forEveryDecoder();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ObjectMapper objectMapper) throws Exception {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        // load balancers: the status only; details, components and every other endpoint are admin's
                        .requestMatchers("/actuator/health").permitAll()
                        .requestMatchers("/actuator", "/actuator/**").hasRole(Caller.ADMIN)
                        .requestMatchers("/dev/tokens", "/error").permitAll()
                        // the API document and Swagger UI are public; trying a route there takes a bearer token
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config",
                                "/docs", "/swagger-ui/**").permitAll()
                        // the web console's static files (query side): its API calls carry the user's token
                        .requestMatchers("/ui", "/ui/**").permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(rs -> rs
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesAsAuthorities()))
                        .authenticationEntryPoint((request, response, e) -> {
                            bearer.commence(request, response, e);
                            write(response, objectMapper, HttpStatus.UNAUTHORIZED, "invalid_token",
                                    "The bearer token was refused: " + e.getMessage());
                        })
                        .accessDeniedHandler((request, response, e) ->
                                write(response, objectMapper, HttpStatus.FORBIDDEN, "forbidden",
                                        "This route needs the admin role.")))
                .exceptionHandling(ex -> ex.authenticationEntryPoint((request, response, e) -> {
                    response.setHeader("WWW-Authenticate", "Bearer");
                    write(response, objectMapper, HttpStatus.UNAUTHORIZED, "unauthenticated",
                            "A bearer token is required.");
                }));
        return http.build();
    }

    /** The {@code roles} claim as {@code ROLE_<role>} authorities, so URL rules and actuator can ask for admin. */
    private static JwtAuthenticationConverter rolesAsAuthorities() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }

    private static void write(HttpServletResponse response, ObjectMapper mapper, HttpStatus status, String code,
                              String detail) throws IOException {
        ProblemWriter.write(response, mapper, new ApiException(status, code, detail));
    }
}

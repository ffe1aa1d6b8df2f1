package io.registry.api.security;

import io.registry.access.Caller;
import io.registry.api.problem.ApiException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import java.util.List;
import java.util.Set;

/**
 * Lets controllers take a {@link Caller} parameter: the one place where the bearer token becomes the access
 * model's caller ({@code sub} is the user, {@code org} the organization, {@code roles} the roles).
 */
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return callerOf(jwt);
        }
        throw new ApiException(HttpStatus.UNAUTHORIZED, "unauthenticated", "A bearer token is required.");
    }

    static Caller callerOf(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        return new Caller(jwt.getSubject(), jwt.getClaimAsString("org"), roles == null ? Set.of() : Set.copyOf(roles));
    }
}

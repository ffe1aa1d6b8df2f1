package io.registry.api.security;

import io.registry.access.Caller;
import io.registry.api.request.Identifiers;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A token names its {@link Caller} in claims that end up in events, storage keys and logs, so they are checked
 * at authentication: {@code sub} must be a user id ({@link Identifiers#USER_ID}); {@code org}, when present, an
 * organization id of the same shape; {@code roles}, when present, an array of strings. A token that fails is
 * refused with 401 like one with a bad signature. The messages do not repeat the offending values.
 */
public class CallerClaimsValidator implements OAuth2TokenValidator<Jwt> {

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        List<OAuth2Error> errors = new ArrayList<>();
        Object sub = jwt.getClaims().get(JwtClaimNames.SUB);
        if (sub == null) {
            errors.add(invalid("The token has no sub (user id)."));
        } else if (!(sub instanceof String subject) || !Identifiers.isUserId(subject)) {
            errors.add(invalid("The token's sub is not a valid user id: it " + Identifiers.USER_ID_MESSAGE + "."));
        }
        Object org = jwt.getClaims().get("org");
        if (org != null && (!(org instanceof String organization) || !Identifiers.isUserId(organization))) {
            errors.add(invalid("The token's org is not a valid organization id: it " + Identifiers.USER_ID_MESSAGE + "."));
        }
        Object roles = jwt.getClaims().get("roles");
        if (roles != null && (!(roles instanceof Collection<?> list) || !list.stream().allMatch(r -> r instanceof String))) {
            errors.add(invalid("The token's roles must be an array of strings."));
        }
        return errors.isEmpty() ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(errors);
    }

    private static OAuth2Error invalid(String description) {
        return new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null);
    }
}

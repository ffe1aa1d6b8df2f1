// Who is signed in: the bearer token, kept for this browser tab only (sessionStorage), and what it says about its
// holder. The token is checked by the registry on every call; here it is only read, to greet the user and to decide
// which controls to offer.

const KEY = 'registry-console.token';

/** The token's claims (sub, org, roles, exp) without checking its signature; null when it is not a JWT. */
export function claimsOf(token) {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(parts[1].length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === 'object' && typeof claims.sub === 'string' ? claims : null;
  } catch {
    return null;
  }
}

export function signIn(token) {
  sessionStorage.setItem(KEY, token.trim());
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** The signed-in user: {token, sub, org, roles, admin, expiresAt}, or null. */
export function current() {
  const token = sessionStorage.getItem(KEY);
  if (!token) return null;
  const claims = claimsOf(token);
  if (!claims) return null;
  const roles = Array.isArray(claims.roles) ? claims.roles.filter(role => typeof role === 'string') : [];
  return {
    token,
    sub: claims.sub,
    org: typeof claims.org === 'string' ? claims.org : null,
    roles,
    admin: roles.includes('admin'),
    expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null,
  };
}

/**
 * Whether the user may change the entity (activate, archive) and read its history, as the registry decides it
 * (AccessPolicy.canPublish): admins, and publishers of an entity that is not platform-owned.
 */
export function canPublish(user, entity) {
  if (!user || !entity) return false;
  if (user.admin) return true;
  return entity.owner_type !== 'platform' && (entity.publishers || []).includes(user.sub);
}

import crypto from 'crypto';

/** The claims of a help-desk access token (RFC 7519 names). */
export interface AccessTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  role: string;
  jti: string;
  iat: number;
  nbf: number;
  exp: number;
  /** Set when the token was issued for a read-only key. */
  ro?: boolean;
  /** Name of the API key the token was issued for, if any: audit records the integration, not just the user. */
  key?: string;
  /** Id of that API key: revoking the key ends its tokens too. */
  kid?: string;
  /** Password grant: passwordStamp() of the account's password hash when issued; a new password ends the token. */
  pwd?: string;
}

export const TOKEN_ISSUER = 'open-help-desk';
export const TOKEN_AUDIENCE = 'open-help-desk-api';
export const TOKEN_LIFETIME_SECONDS = 3600;

const b64url = (input: Buffer | string): string => Buffer.from(input).toString('base64url');
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

const sign = (data: string, secret: string): Buffer => crypto.createHmac('sha256', secret).update(data).digest();

export const signAccessToken = (claims: AccessTokenClaims, secret: string): string => {
  const payload = b64url(JSON.stringify(claims));
  return `${HEADER}.${payload}.${b64url(sign(`${HEADER}.${payload}`, secret))}`;
};

/**
 * A short keyed fingerprint of an account's password hash. Keyed with the token secret, so the claim says nothing
 * about the hash to whoever holds the token; 96 bits is far more than a token's one-hour life needs.
 */
export const passwordStamp = (passwordHash: string, secret: string): string =>
  crypto.createHmac('sha256', secret).update(`password-stamp:${passwordHash}`).digest('base64url').slice(0, 16);

export const stampsMatch = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
};

export const looksLikeJwt = (value: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]*$/.test(value);

/**
 * Verifies a token of this server: the algorithm is pinned to HS256 (`alg: none` and every other value are
 * refused before any signature work), then signature, issuer, audience, nbf and exp. Returns null when any check
 * fails: callers answer every failure alike.
 */
export const verifyAccessToken = (token: string, secret: string, nowSeconds: number): AccessTokenClaims | null => {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown };
    if (parsedHeader.alg !== 'HS256') return null;
    const expected = sign(`${header}.${payload}`, secret);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<AccessTokenClaims>;
    if (claims.iss !== TOKEN_ISSUER || claims.aud !== TOKEN_AUDIENCE) return null;
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || typeof claims.iat !== 'number') return null;
    if (nowSeconds >= claims.exp) return null;
    if (typeof claims.nbf === 'number' && nowSeconds < claims.nbf) return null;
    return claims as AccessTokenClaims;
  } catch {
    return null;
  }
};

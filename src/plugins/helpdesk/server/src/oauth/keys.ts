import crypto from 'crypto';
import type { JWK } from 'oidc-provider';

// RFC 8410: a PKCS #8 Ed25519 private key is this fixed prefix followed by the 32-byte seed.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

const derive = (tokenSecret: string, label: string): Buffer =>
  crypto.createHmac('sha256', tokenSecret).update(`open-help-desk:oauth:${label}`).digest();

/**
 * The authorization server's keys, derived from the token secret every instance already shares: nothing new to
 * configure or to keep in step between instances, and rotating HELPDESK_TOKEN_SECRET rotates these too. Access
 * tokens are opaque (looked up, not verified), so the signing key only signs ID tokens for clients that ask.
 */
export const authorizationServerKeys = (tokenSecret: string): { signing: JWK; cookies: string[] } => {
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, derive(tokenSecret, 'signing-key')]),
    format: 'der',
    type: 'pkcs8',
  });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const kid = crypto.createHash('sha256').update(String(jwk.x)).digest('base64url').slice(0, 16);
  return {
    signing: { ...jwk, kid, alg: 'EdDSA', use: 'sig' },
    cookies: [derive(tokenSecret, 'cookie-key').toString('base64url')],
  };
};

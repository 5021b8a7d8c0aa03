import crypto from 'crypto';

const KEY_PREFIX = 'ohd_sk_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SECRET_LENGTH = 40;
/** How much of the key is stored in clear to find its row: 8 of 40 characters leaves ~190 secret bits. */
const LOOKUP_LENGTH = 8;
const KEY_PATTERN = new RegExp(`^${KEY_PREFIX}[0-9A-Za-z]{32,64}$`);

/** 40 characters of base62 from a CSPRNG, without modulo bias (rejection sampling). */
const randomBase62 = (length: number): string => {
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.randomBytes(length)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
};

export const generateApiKey = (): string => KEY_PREFIX + randomBase62(SECRET_LENGTH);

export const looksLikeApiKey = (value: string): boolean => KEY_PATTERN.test(value);

/** The non-secret part stored in clear: `ohd_sk_` and the first characters. */
export const apiKeyLookupPrefix = (key: string): string => key.slice(0, KEY_PREFIX.length + LOOKUP_LENGTH);

/** Keyed hash (HMAC-SHA-256 with the server's pepper): a stolen table alone cannot be brute-forced offline. */
export const hashApiKey = (key: string, pepper: string): string =>
  crypto.createHmac('sha256', pepper).update(key).digest('hex');

export const hashesMatch = (a: string, b: string): boolean => {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && crypto.timingSafeEqual(left, right);
};

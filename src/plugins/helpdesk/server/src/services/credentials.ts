import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Actor, Channel } from '../auth/actor';
import {
  apiKeyLookupPrefix,
  generateApiKey,
  hashApiKey,
  hashesMatch,
  looksLikeApiKey,
} from '../auth/api-key-format';
import {
  signAccessToken,
  stampsMatch,
  verifyAccessToken,
  looksLikeJwt,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  TOKEN_LIFETIME_SECONDS,
} from '../auth/access-token';
import { helpdeskSecrets } from '../auth/secrets';
import { OAuthError } from '../auth/oauth-error';
import { can, refusalReason } from '../authz/rules';
import { forbidden, notFound, unauthenticated } from '../errors';
import { CREDENTIAL_CACHE_MS, createTtlCache } from '../ttl-cache';
import type { CreateKeyInput, TokenRequest } from '../validation/credentials';
import { UID } from '../uids';
import { service } from './registry';
import { looksLikeOAuthToken } from './authorization-server';
import { helpdeskTransaction } from '../write-path/permit';
import { lastUsedRecorder } from '../write-path/last-used';

interface KeyRow {
  id: number;
  documentId: string;
  name: string;
  prefix: string;
  hash: string;
  read_only: boolean;
  createdAt: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  owner?: { id: number; documentId: string; email: string } | null;
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  read_only: boolean;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  owner: { id: string; email: string } | null;
}

export type ConsentSignIn =
  | { actor: Actor }
  | { refused: 'wrong_password' | 'blocked' | 'unconfirmed' }
  | { refused: 'throttled'; retryAfterSeconds: number };

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

const keyView = (row: KeyRow): ApiKeyView => ({
  id: row.documentId,
  name: row.name,
  prefix: row.prefix,
  read_only: Boolean(row.read_only),
  created_at: new Date(row.createdAt).toISOString(),
  last_used_at: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
  expires_at: row.expires_at ? new Date(row.expires_at).toISOString() : null,
  revoked_at: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  owner: row.owner ? { id: row.owner.documentId, email: row.owner.email } : null,
});

const KEY_FIELDS = ['id', 'documentId', 'name', 'prefix', 'read_only', 'createdAt', 'last_used_at', 'expires_at', 'revoked_at'];
const FAILED_ATTEMPTS_PER_WINDOW = 10;

/**
 * API keys and access tokens: issuing them, and turning a presented one into an Actor. Keys are stored only as
 * keyed hashes; the key itself exists once, in the response that creates it.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const secrets = () => helpdeskSecrets(strapi);
  const clock = () => service(strapi, 'clock');
  // Key rows by lookup prefix and by id, so a request does not query for its key each time. Only found keys are
  // cached (never a miss, which anyone could fill), and the hash is still checked on every request.
  const keysByPrefix = createTtlCache<KeyRow>({ ttlMs: CREDENTIAL_CACHE_MS, maxEntries: 10_000 });
  const keysById = createTtlCache<Pick<KeyRow, 'revoked_at' | 'expires_at'>>({ ttlMs: CREDENTIAL_CACHE_MS, maxEntries: 10_000 });
  // Shared by every instance (through Redis when configured), so a guesser gains nothing by spreading attempts.
  const failedTokenAttempts = service(strapi, 'coordination').rateLimiter('token-failures', {
    limit: () => FAILED_ATTEMPTS_PER_WINDOW,
    windowMs: 15 * 60_000,
  });

  const isUsable = (row: Pick<KeyRow, 'revoked_at' | 'expires_at'>): boolean => {
    if (row.revoked_at) return false;
    return !row.expires_at || new Date(row.expires_at).getTime() > clock().now().getTime();
  };

  const recordUse = lastUsedRecorder(strapi, UID.apiKey, () => clock().now());
  const touch = (row: KeyRow): Promise<void> => recordUse({ id: row.id, lastUsedAt: row.last_used_at });

  const findKey = async (key: string): Promise<KeyRow | null> => {
    if (!looksLikeApiKey(key)) return null;
    const prefix = apiKeyLookupPrefix(key);
    let row = keysByPrefix.get(prefix) ?? null;
    if (!row) {
      // A revoke that lands while this read is in flight must win: its result is then used once, never cached.
      const readSince = keysByPrefix.generation();
      row = (await strapi.db.query(UID.apiKey).findOne({
        where: { prefix },
        select: [...KEY_FIELDS, 'hash'],
        populate: { owner: { select: ['id', 'documentId', 'email'] } },
      })) as KeyRow | null;
      if (row) keysByPrefix.set(prefix, row, readSince);
    }
    if (!row || !hashesMatch(row.hash, hashApiKey(key, secrets().keyPepper))) return null;
    return row;
  };

  const keyStateById = async (keyId: string): Promise<Pick<KeyRow, 'revoked_at' | 'expires_at'> | null> => {
    const cached = keysById.get(keyId);
    if (cached) return cached;
    const readSince = keysById.generation();
    const row = (await strapi.db.query(UID.apiKey).findOne({
      where: { documentId: keyId },
      select: ['revoked_at', 'expires_at'],
    })) as Pick<KeyRow, 'revoked_at' | 'expires_at'> | null;
    if (row) keysById.set(keyId, row, readSince);
    return row;
  };

  const actorForKey = async (row: KeyRow, channel: Channel): Promise<Actor | null> => {
    if (!row.owner || !isUsable(row)) return null;
    return service(strapi, 'actors').actorFor(
      { id: row.owner.id },
      { credential: { kind: 'api_key', id: row.documentId, name: row.name, keyId: row.documentId }, channel, readOnly: Boolean(row.read_only) },
    );
  };

  const checkPassword = async (identifier: string, password: string) => {
    const account = (await strapi.db.query(UID.user).findOne({
      where: {
        provider: 'local',
        $or: [{ email: identifier.toLowerCase() }, { username: identifier }],
      },
      select: ['id', 'password', 'blocked', 'confirmed'],
    })) as { id: number; password: string | null; blocked: boolean | null; confirmed: boolean | null } | null;
    const userService = strapi.plugin('users-permissions').service('user');
    // Compare even when the account is missing, so timing does not tell which usernames exist.
    const hash = account?.password ?? '$2a$10$CwTycUXWue0Thq9StjUM0uJ8DPLKXt1FYlwYpQW2G3cAwjKoh1WZu';
    const valid = (await userService.validatePassword(password, hash)) as boolean;
    return { account, valid };
  };

  return {
    async createKey(
      actor: Actor,
      input: CreateKeyInput,
      options: { ownerInternalId?: number } = {},
    ): Promise<{ key: string; api_key: ApiKeyView }> {
      if (!can(actor, 'key.manage')) throw forbidden(refusalReason(actor, 'key.manage'));
      const key = generateApiKey();
      const created = await helpdeskTransaction(strapi, async () => {
        const row = (await strapi.db.query(UID.apiKey).create({
          data: {
            name: input.name,
            prefix: apiKeyLookupPrefix(key),
            hash: hashApiKey(key, secrets().keyPepper),
            read_only: input.read_only,
            expires_at: input.expires_at ? new Date(input.expires_at) : null,
            owner: options.ownerInternalId ?? actor.internalId,
          },
          select: KEY_FIELDS,
          populate: { owner: { select: ['id', 'documentId', 'email'] } },
        })) as KeyRow;
        await service(strapi, 'audit').record(actor, {
          action: 'key.create',
          outcome: 'allowed',
          details: { key_id: row.documentId, key_name: row.name, read_only: Boolean(row.read_only) },
        });
        return row;
      });
      return { key, api_key: keyView(created) };
    },

    /** The caller's own keys; an admin may ask for everyone's with `all`. Never the key or its hash. */
    async listKeys(actor: Actor, input: { all?: boolean; ownerInternalId?: number } = {}): Promise<ApiKeyView[]> {
      if (input.all && !can(actor, 'key.manage_any')) throw forbidden(refusalReason(actor, 'key.manage_any'));
      const where = input.all ? {} : { owner: { id: input.ownerInternalId ?? actor.internalId } };
      const rows = (await strapi.db.query(UID.apiKey).findMany({
        where,
        select: KEY_FIELDS,
        populate: { owner: { select: ['id', 'documentId', 'email'] } },
        orderBy: { createdAt: 'desc' },
      })) as KeyRow[];
      return rows.map(keyView);
    },

    /** Revokes one key: the owner's own, or anyone's for an admin. Others' keys answer as nonexistent. */
    async revokeKey(actor: Actor, keyId: string): Promise<ApiKeyView> {
      if (!can(actor, 'key.manage')) throw forbidden(refusalReason(actor, 'key.manage'));
      const row = (await strapi.db.query(UID.apiKey).findOne({
        where: { documentId: keyId },
        select: KEY_FIELDS,
        populate: { owner: { select: ['id', 'documentId', 'email'] } },
      })) as KeyRow | null;
      const mayRevoke = row && (row.owner?.id === actor.internalId || can(actor, 'key.manage_any'));
      if (!row || !mayRevoke) {
        await service(strapi, 'audit').refused(actor, { action: 'key.revoke', errorCode: 'not_found' });
        throw notFound('API key');
      }
      if (row.revoked_at) return keyView(row);
      const revoked = await helpdeskTransaction(strapi, async () => {
        const updated = (await strapi.db.query(UID.apiKey).update({
          where: { id: row.id },
          data: { revoked_at: clock().now() },
          select: KEY_FIELDS,
          populate: { owner: { select: ['id', 'documentId', 'email'] } },
        })) as KeyRow;
        // Here at once; after the commit here again and on every other instance.
        await service(strapi, 'coordination').forget({ cache: 'key', prefix: row.prefix, id: row.documentId });
        await service(strapi, 'audit').record(actor, {
          action: 'key.revoke',
          outcome: 'allowed',
          details: { key_id: row.documentId, key_name: row.name },
        });
        return updated;
      });
      return keyView(revoked);
    },

    /** The Actor behind a presented API key, or null for any kind of bad key. */
    async actorForApiKey(key: string, channel: Channel): Promise<Actor | null> {
      const row = await findKey(key);
      if (!row) return null;
      const actor = await actorForKey(row, channel);
      if (actor) await touch(row);
      return actor;
    },

    /**
     * The Actor behind one of this server's access tokens, or null. A token issued for a key dies with the key; any
     * other is a password-grant token and dies with the password (a token bound to neither is refused).
     */
    async actorForAccessToken(token: string, channel: Channel): Promise<Actor | null> {
      const claims = verifyAccessToken(token, secrets().tokenSecret, clock().nowSeconds());
      if (!claims) return null;
      if (claims.kid) {
        const row = await keyStateById(claims.kid);
        if (!row || !isUsable(row)) return null;
      } else {
        const current = await service(strapi, 'actors').passwordStamp({ documentId: claims.sub });
        if (!current || typeof claims.pwd !== 'string' || !stampsMatch(current, claims.pwd)) return null;
      }
      return service(strapi, 'actors').actorFor(
        { documentId: claims.sub },
        {
          credential: { kind: 'jwt', id: claims.jti, name: claims.key ?? 'access token', keyId: claims.kid ?? null },
          channel,
          readOnly: Boolean(claims.ro),
        },
      );
    },

    /** `Authorization: Bearer <api key | access token>` → Actor; anything else is `unauthenticated`. */
    async authenticateBearer(authorization: string | undefined, channel: Channel): Promise<Actor> {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
      if (!match) throw unauthenticated('Send an API key or an access token as "Authorization: Bearer <credential>".');
      const credential = match[1] as string;
      const actor = looksLikeApiKey(credential)
        ? await this.actorForApiKey(credential, channel)
        : looksLikeJwt(credential)
          ? await this.actorForAccessToken(credential, channel)
          : looksLikeOAuthToken(credential)
            ? await service(strapi, 'authorization-server').actorForAccessToken(credential, channel)
            : null;
      if (!actor) throw unauthenticated('The credential is not valid: it may be mistyped, expired or revoked.');
      return actor;
    },

    /** POST /api/auth/token (RFC 6749): client_credentials with an API key, or password. */
    async issueToken(request: TokenRequest, clientIp: string): Promise<TokenResponse> {
      const ipKey = `ip:${clientIp}`;
      const prefixKey = request.grant_type === 'client_credentials' ? `key:${apiKeyLookupPrefix(request.client_secret)}` : null;
      const wait = Math.max(await failedTokenAttempts.blockedFor(ipKey), prefixKey ? await failedTokenAttempts.blockedFor(prefixKey) : 0);
      if (wait > 0) throw new OAuthError('slow_down', 'Too many failed attempts; try again later.', wait);

      const fail = async (error: OAuthError): Promise<never> => {
        await failedTokenAttempts.hit(ipKey);
        if (prefixKey) await failedTokenAttempts.hit(prefixKey);
        await service(strapi, 'failed-authentication').record(clientIp, 'token');
        throw error;
      };

      let sub: { actor: Actor; keyId: string | null };
      if (request.grant_type === 'client_credentials') {
        const row = await findKey(request.client_secret);
        const actor = row ? await actorForKey(row, 'rest') : null;
        if (!row || !actor) return fail(new OAuthError('invalid_client', 'The client secret is not a valid API key.'));
        sub = { actor, keyId: row.documentId };
      } else {
        const actor = await this.actorForPassword(request.username, request.password);
        if (!actor) return fail(new OAuthError('invalid_grant', 'The username or password is not correct.'));
        sub = { actor, keyId: null };
      }

      // Read afresh, not from the cache: the password just checked may be newer than a cached stamp.
      const pwd = sub.keyId ? null : await service(strapi, 'actors').passwordStamp({ id: sub.actor.internalId }, { fresh: true });
      const iat = clock().nowSeconds();
      const token = signAccessToken(
        {
          iss: TOKEN_ISSUER,
          aud: TOKEN_AUDIENCE,
          sub: sub.actor.userId,
          role: sub.actor.role,
          jti: crypto.randomUUID(),
          iat,
          nbf: iat,
          exp: iat + TOKEN_LIFETIME_SECONDS,
          ...(sub.actor.readOnly ? { ro: true } : {}),
          ...(sub.keyId ? { kid: sub.keyId, key: sub.actor.credential.name } : {}),
          ...(pwd ? { pwd } : {}),
        },
        secrets().tokenSecret,
      );
      return { access_token: token, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS };
    },

    async actorForPassword(identifier: string, password: string): Promise<Actor | null> {
      const { account, valid } = await checkPassword(identifier, password);
      // An unconfirmed sign-up has proved nothing about its address; it is refused like a wrong password.
      if (!account || !valid || account.blocked || !account.confirmed) return null;
      return service(strapi, 'actors').actorFor(
        { id: account.id },
        { credential: { kind: 'jwt', id: null, name: 'password grant' }, channel: 'rest', readOnly: false },
      );
    },

    /**
     * The consent page's sign-in: the same password check and the same failure throttle as the password grant.
     * Unlike the token endpoint it says why a correct password is refused (blocked, unconfirmed): the person has
     * just proved they own the account, and "wrong password" would send them round in circles.
     */
    async signInForConsent(identifier: string, password: string, clientIp: string): Promise<ConsentSignIn> {
      const ipKey = `ip:${clientIp}`;
      const wait = await failedTokenAttempts.blockedFor(ipKey);
      if (wait > 0) return { refused: 'throttled', retryAfterSeconds: wait };
      const { account, valid } = await checkPassword(identifier, password);
      if (!account || !valid) {
        await failedTokenAttempts.hit(ipKey);
        await service(strapi, 'failed-authentication').record(clientIp, 'token');
        return { refused: 'wrong_password' };
      }
      if (account.blocked) return { refused: 'blocked' };
      if (!account.confirmed) return { refused: 'unconfirmed' };
      const actor = await service(strapi, 'actors').actorFor(
        { id: account.id },
        { credential: { kind: 'oauth', id: null, name: 'consent page' }, channel: 'rest', readOnly: false },
        { fresh: true },
      );
      return actor ? { actor } : { refused: 'blocked' };
    },

    async resetThrottles(): Promise<void> {
      await failedTokenAttempts.reset();
    },

    /** Drops one key's cached rows (coordination.forget calls this, here and on every instance). */
    forgetKey(prefix: string, keyId: string): void {
      keysByPrefix.delete(prefix);
      keysById.delete(keyId);
    },

    forgetKeys(): void {
      keysByPrefix.clear();
      keysById.clear();
    },
  };
};


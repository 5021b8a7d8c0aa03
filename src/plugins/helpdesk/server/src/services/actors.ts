import type { Core } from '@strapi/strapi';
import type { Actor, Channel, CredentialKind, Role } from '../auth/actor';
import type { MeView } from './views';
import { UID } from '../uids';
import { CREDENTIAL_CACHE_MS, createTtlCache } from '../ttl-cache';
import { passwordStamp } from '../auth/access-token';
import { helpdeskSecrets } from '../auth/secrets';

/** users-permissions role type → help-desk role. Any other role (e.g. a custom one) is a plain User. */
export const roleFromType = (type: string | null | undefined): Role =>
  type === 'admin' ? 'admin' : type === 'staff' ? 'staff' : 'user';

export interface AccountRow {
  id: number;
  documentId: string;
  username: string;
  email: string;
  blocked: boolean | null;
  role?: { type: string } | null;
}

export interface ActorRequest {
  credential: Actor['credential'];
  channel: Channel;
  readOnly: boolean;
}

/**
 * Who an account is, as cached: what every Actor of it carries, and the stamp of its current password, which
 * password-grant tokens must match. Never the password hash itself.
 */
type Identity = Pick<Actor, 'userId' | 'internalId' | 'role' | 'groupIds' | 'groupInternalIds'> & { passwordStamp: string | null };

type AccountWhere = { id: number } | { documentId: string };

/** Turns an account into the Actor every service takes: role from its users-permissions role, and its groups. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Who an account is (role, groups) changes rarely and is needed on every request: kept a few seconds.
  const identities = createTtlCache<Identity>({ ttlMs: CREDENTIAL_CACHE_MS, maxEntries: 10_000 });

  /** Null when the account does not exist or is blocked. `fresh` skips the cache (and refills it). */
  const identityOf = async (where: AccountWhere, options: { fresh?: boolean } = {}): Promise<Identity | null> => {
    const cacheKey = 'id' in where ? `id:${where.id}` : `doc:${where.documentId}`;
    const cached = options.fresh ? undefined : identities.get(cacheKey);
    if (cached) return cached;
    // A role change, block or new password landing during these reads must not be undone by caching them.
    const readSince = identities.generation();
    const account = (await strapi.db.query(UID.user).findOne({
      where,
      select: ['id', 'documentId', 'blocked', 'password'],
      populate: { role: { select: ['type'] } },
    })) as (Pick<AccountRow, 'id' | 'documentId' | 'blocked' | 'role'> & { password: string | null }) | null;
    if (!account || account.blocked) return null;
    const groups = (await strapi.db.query(UID.group).findMany({
      where: { members: { id: account.id } },
      select: ['id', 'documentId'],
    })) as Array<{ id: number; documentId: string }>;
    const identity: Identity = {
      userId: account.documentId,
      internalId: account.id,
      role: roleFromType(account.role?.type),
      groupIds: groups.map((g) => g.documentId),
      groupInternalIds: groups.map((g) => g.id),
      passwordStamp: account.password ? passwordStamp(account.password, helpdeskSecrets(strapi).tokenSecret) : null,
    };
    identities.set(cacheKey, identity, readSince);
    return identity;
  };

  return {
    forgetIdentities(): void {
      identities.clear();
    },

    async findAccount(where: { id: number } | { documentId: string }): Promise<AccountRow | null> {
      return (await strapi.db.query(UID.user).findOne({
        where,
        select: ['id', 'documentId', 'username', 'email', 'blocked'],
        populate: { role: { select: ['type'] } },
      })) as AccountRow | null;
    },

    /** Null when the account does not exist or is blocked: the caller answers as for a bad credential. */
    async actorFor(where: AccountWhere, request: ActorRequest, options: { fresh?: boolean } = {}): Promise<Actor | null> {
      const identity = await identityOf(where, options);
      if (!identity) return null;
      const { passwordStamp: _stamp, ...who } = identity;
      return { ...who, credential: request.credential, readOnly: request.readOnly, channel: request.channel };
    },

    /** The stamp of the account's current password; null when it has none, is blocked or does not exist. */
    async passwordStamp(where: AccountWhere, options: { fresh?: boolean } = {}): Promise<string | null> {
      return (await identityOf(where, options))?.passwordStamp ?? null;
    },

    /** whoami: the account behind the credential, its role, groups, and the credential's name. */
    async me(actor: Actor): Promise<MeView> {
      const account = await this.findAccount({ id: actor.internalId });
      const groups = (await strapi.db.query(UID.group).findMany({
        where: { id: { $in: actor.groupInternalIds } },
        select: ['documentId', 'name'],
        orderBy: { name: 'asc' },
      })) as Array<{ documentId: string; name: string }>;
      return {
        id: actor.userId,
        name: account?.username ?? '',
        email: account?.email ?? '',
        role: actor.role,
        groups: groups.map((g) => ({ id: g.documentId, name: g.name })),
        credential: { kind: actor.credential.kind, name: actor.credential.name },
        read_only: actor.readOnly,
      };
    },
  };
};

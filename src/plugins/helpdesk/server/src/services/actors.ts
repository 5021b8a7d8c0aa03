import type { Core } from '@strapi/strapi';
import type { Actor, Channel, CredentialKind, Role } from '../auth/actor';
import type { MeView } from './views';
import { UID } from '../uids';
import { CREDENTIAL_CACHE_MS, createTtlCache } from '../ttl-cache';

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

/** Turns an account into the Actor every service takes: role from its users-permissions role, and its groups. */
type Identity = Pick<Actor, 'userId' | 'internalId' | 'role' | 'groupIds' | 'groupInternalIds'>;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Who an account is (role, groups) changes rarely and is needed on every request: kept a few seconds.
  const identities = createTtlCache<Identity>({ ttlMs: CREDENTIAL_CACHE_MS, maxEntries: 10_000 });

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
    async actorFor(where: { id: number } | { documentId: string }, request: ActorRequest): Promise<Actor | null> {
      const cacheKey = 'id' in where ? `id:${where.id}` : `doc:${where.documentId}`;
      let identity = identities.get(cacheKey);
      if (!identity) {
        const account = await this.findAccount(where);
        if (!account || account.blocked) return null;
        const groups = (await strapi.db.query(UID.group).findMany({
          where: { members: { id: account.id } },
          select: ['id', 'documentId'],
        })) as Array<{ id: number; documentId: string }>;
        identity = {
          userId: account.documentId,
          internalId: account.id,
          role: roleFromType(account.role?.type),
          groupIds: groups.map((g) => g.documentId),
          groupInternalIds: groups.map((g) => g.id),
        };
        identities.set(cacheKey, identity);
      }
      return { ...identity, credential: request.credential, readOnly: request.readOnly, channel: request.channel };
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

import type { Core } from '@strapi/strapi';
import type { Actor } from '../auth/actor';
import { can, refusalReason } from '../authz/rules';
import { forbidden, notFound } from '../errors';
import { deleteGrantRecords } from '../oauth/storage';
import { UID } from '../uids';
import { helpdeskTransaction } from '../write-path/permit';
import { lastUsedRecorder } from '../write-path/last-used';
import { service } from './registry';

interface ConnectionRow {
  id: number;
  documentId: string;
  client_id: string;
  client_name: string;
  redirect_host: string | null;
  grant_id: string;
  read_only: boolean;
  createdAt: string | Date;
  last_used_at: string | Date | null;
  revoked_at: string | Date | null;
  owner?: { id: number; documentId: string; email: string } | null;
}

/** A connected app as its person (and an admin) sees it: never a token, never the grant. */
export interface ConnectionView {
  id: string;
  client_id: string;
  client_name: string;
  redirect_host: string | null;
  read_only: boolean;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  owner: { id: string; email: string } | null;
}

export interface NewConnection {
  ownerInternalId: number;
  clientId: string;
  clientName: string;
  redirectHost: string;
  grantId: string;
  readOnly: boolean;
}

const FIELDS = ['id', 'documentId', 'client_id', 'client_name', 'redirect_host', 'grant_id', 'read_only', 'createdAt', 'last_used_at', 'revoked_at'];
const OWNER = { owner: { select: ['id', 'documentId', 'email'] } };
const iso = (value: string | Date | null): string | null => (value ? new Date(value).toISOString() : null);

const view = (row: ConnectionRow): ConnectionView => ({
  id: row.documentId,
  client_id: row.client_id,
  client_name: row.client_name,
  redirect_host: row.redirect_host,
  read_only: Boolean(row.read_only),
  created_at: iso(row.createdAt) as string,
  last_used_at: iso(row.last_used_at),
  revoked_at: iso(row.revoked_at),
  owner: row.owner ? { id: row.owner.documentId, email: row.owner.email } : null,
});

/**
 * Connected apps (DESIGN §7a): each approval on the consent page is one, listed and revocable beside the person's
 * API keys. Revoking deletes the grant with every code and token it issued, in the database every instance
 * reads, so the next request with any of them is refused wherever it lands.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const connections = () => strapi.db.query(UID.connection);
  const clock = () => service(strapi, 'clock');
  const recordUse = lastUsedRecorder(strapi, UID.connection, () => clock().now());

  const findRow = async (where: Record<string, unknown>): Promise<ConnectionRow | null> =>
    (await connections().findOne({ where, select: FIELDS, populate: OWNER })) as ConnectionRow | null;

  return {
    /** Called by the consent page inside the transaction that saves the grant: both land, or neither. */
    async recordApproval(actor: Actor, input: NewConnection): Promise<ConnectionView> {
      const row = (await connections().create({
        data: {
          client_id: input.clientId,
          client_name: input.clientName,
          redirect_host: input.redirectHost,
          grant_id: input.grantId,
          read_only: input.readOnly,
          owner: input.ownerInternalId,
        },
        select: FIELDS,
        populate: OWNER,
      })) as ConnectionRow;
      await service(strapi, 'audit').record(actor, {
        action: 'connection.create',
        outcome: 'allowed',
        details: { connection_id: row.documentId, client_name: row.client_name, client_id: row.client_id, read_only: Boolean(row.read_only) },
      });
      return view(row);
    },

    /** The caller's own connections, newest first; an admin may ask for everyone's with `all`. */
    async list(actor: Actor, input: { all?: boolean; ownerInternalId?: number } = {}): Promise<ConnectionView[]> {
      if (!can(actor, 'key.manage')) throw forbidden(refusalReason(actor, 'key.manage'));
      if (input.all && !can(actor, 'key.manage_any')) throw forbidden(refusalReason(actor, 'key.manage_any'));
      const where = input.all ? {} : { owner: { id: input.ownerInternalId ?? actor.internalId } };
      const rows = (await connections().findMany({ where, select: FIELDS, populate: OWNER, orderBy: { createdAt: 'desc' } })) as ConnectionRow[];
      return rows.map(view);
    },

    /** Revokes one connection: the owner's own, or anyone's for an admin. Others' answer as nonexistent. */
    async revoke(actor: Actor, connectionId: string): Promise<ConnectionView> {
      if (!can(actor, 'key.manage')) throw forbidden(refusalReason(actor, 'key.manage'));
      const row = await findRow({ documentId: connectionId });
      if (!row || !(row.owner?.id === actor.internalId || can(actor, 'key.manage_any'))) {
        await service(strapi, 'audit').refused(actor, { action: 'connection.revoke', errorCode: 'not_found' });
        throw notFound('connected app');
      }
      if (row.revoked_at) return view(row);
      const revoked = await helpdeskTransaction(strapi, async () => {
        const updated = (await connections().update({
          where: { id: row.id },
          data: { revoked_at: clock().now() },
          select: FIELDS,
          populate: OWNER,
        })) as ConnectionRow;
        await deleteGrantRecords(strapi, row.grant_id);
        await service(strapi, 'audit').record(actor, {
          action: 'connection.revoke',
          outcome: 'allowed',
          details: { connection_id: row.documentId, client_name: row.client_name },
        });
        return updated;
      });
      return view(revoked);
    },

    /**
     * The authorization server ended a grant itself (a refresh token or code used twice, or the app revoked a token):
     * its connection ends too, with the reason in the audit log.
     */
    async endedByServer(grantId: string, reason: string): Promise<void> {
      const row = await findRow({ grant_id: grantId, revoked_at: null });
      if (!row) return;
      await helpdeskTransaction(strapi, async () => {
        await connections().update({ where: { id: row.id }, data: { revoked_at: clock().now() } });
        await deleteGrantRecords(strapi, grantId);
        await service(strapi, 'audit').record(null, {
          action: 'connection.revoke',
          outcome: 'allowed',
          actorName: 'authorization server',
          credential: { kind: 'oauth', name: row.client_name },
          details: { connection_id: row.documentId, client_name: row.client_name, reason },
        });
      });
    },

    /** The live connection behind a grant, or null once revoked. */
    async activeForGrant(grantId: string): Promise<{ id: string; clientName: string; rowId: number; lastUsedAt: string | Date | null } | null> {
      const row = await findRow({ grant_id: grantId, revoked_at: null });
      return row ? { id: row.documentId, clientName: row.client_name, rowId: row.id, lastUsedAt: row.last_used_at } : null;
    },

    /** Records the connection's use (at most one write a minute). */
    touch(connection: { rowId: number; lastUsedAt: string | Date | null }): Promise<void> {
      return recordUse({ id: connection.rowId, lastUsedAt: connection.lastUsedAt });
    },
  };
};

import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Actor } from '../auth/actor';
import { can, refusalReason } from '../authz/rules';
import { HelpdeskError, conflict, forbidden, invalid, notFound } from '../errors';
import { UID } from '../uids';
import { CREDENTIAL_CACHE_MS, createTtlCache } from '../ttl-cache';
import { helpdeskTransaction } from '../write-path/permit';
import { roleFromType } from './actors';
import { service } from './registry';
import { hasSuperAdminRole, panelUserName } from '../admin-panel/panel-user';

/** A signed-in admin-panel user as the help desk sees it: Strapi's own id, never an email it can change. */
export interface PanelUserRef {
  id: number;
  email: string;
  firstname?: string | null;
  lastname?: string | null;
  roles?: Array<{ code: string; name?: string }>;
}

export interface LinkedAccountView {
  id: string;
  email: string;
  name: string;
  role: 'user' | 'staff' | 'admin';
  blocked: boolean;
}

export interface PanelAccessView {
  panel_user: { id: number; email: string; name: string; active: boolean; super_admin: boolean; roles: string[] };
  account: LinkedAccountView | null;
  linked_by: string | null;
  linked_at: string | null;
}

interface LinkRow {
  id: number;
  panel_user_id: number;
  linked_by: string | null;
  createdAt: string | Date;
  account?: { id: number; documentId: string; email: string; username: string; blocked: boolean | null; role?: { type: string } | null } | null;
}

interface AdminUserRow {
  id: number;
  email: string;
  firstname: string | null;
  lastname: string | null;
  isActive: boolean;
  roles?: Array<{ code: string; name: string }>;
}

const LINKABLE_ROLES = new Set(['staff', 'admin']);


const accountView = (row: NonNullable<LinkRow['account']>): LinkedAccountView => ({
  id: row.documentId,
  email: row.email,
  name: row.username,
  role: roleFromType(row.role?.type),
  blocked: Boolean(row.blocked),
});

const ACCOUNT_POPULATE = { account: { select: ['id', 'documentId', 'email', 'username', 'blocked'], populate: { role: { select: ['type'] } } } };

/**
 * Which help-desk account an admin-panel user works tickets as (DESIGN §2): an explicit link, stored by panel user
 * id and made only by someone entitled to (a help-desk Admin, or an operator at the CLI). Nothing the panel user can
 * set for themselves (email, name) is ever consulted, so editing one's own profile changes no one's identity.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Read on every admin request; dropped on every change here (write-path lifecycles), 5 s elsewhere.
  const links = createTtlCache<{ accountDocumentId: string | null }>({ ttlMs: CREDENTIAL_CACHE_MS, maxEntries: 10_000 });
  const provisioning = new Map<number, Promise<string>>();
  const audit = () => service(strapi, 'audit');

  const findLink = async (panelUserId: number): Promise<LinkRow | null> =>
    (await strapi.db.query(UID.panelLink).findOne({ where: { panel_user_id: panelUserId }, populate: ACCOUNT_POPULATE })) as LinkRow | null;

  const findPanelUser = async (id: number): Promise<AdminUserRow | null> =>
    (await strapi.db.query('admin::user').findOne({
      where: { id },
      select: ['id', 'email', 'firstname', 'lastname', 'isActive'],
      populate: { roles: { select: ['code', 'name'] } },
    })) as AdminUserRow | null;

  const findLinkableAccount = async (accountId: string) => {
    const account = (await strapi.db.query(UID.user).findOne({
      where: { documentId: accountId },
      select: ['id', 'documentId', 'email', 'username', 'blocked'],
      populate: { role: { select: ['type'] } },
    })) as NonNullable<LinkRow['account']> | null;
    if (!account) throw invalid([{ field: 'account_id', rule: 'exists', message: 'no help-desk account has this id' }]);
    if (!LINKABLE_ROLES.has(account.role?.type ?? '')) {
      throw invalid([{ field: 'account_id', rule: 'staff_or_admin', message: 'must be a Staff or Admin account: the Help Desk pages are for staff' }]);
    }
    if (account.blocked) throw invalid([{ field: 'account_id', rule: 'not_blocked', message: 'this account is blocked' }]);
    return account;
  };

  /** Stores the link, replacing the panel user's previous one; an account is worked by one panel user at a time. */
  const storeLink = async (panelUser: AdminUserRow, account: NonNullable<LinkRow['account']>, linkedBy: string) => {
    const taken = (await strapi.db.query(UID.panelLink).findOne({
      where: { account: { id: account.id }, panel_user_id: { $ne: panelUser.id } },
      select: ['panel_user_id'],
    })) as { panel_user_id: number } | null;
    if (taken) {
      const other = await findPanelUser(taken.panel_user_id);
      throw conflict(`The account ${account.email} is already linked to the panel user ${other?.email ?? `#${taken.panel_user_id}`}: unlink it there first.`);
    }
    const existing = await findLink(panelUser.id);
    if (existing) await strapi.db.query(UID.panelLink).delete({ where: { id: existing.id } });
    await strapi.db.query(UID.panelLink).create({ data: { panel_user_id: panelUser.id, account: account.id, linked_by: linkedBy } });
    return existing?.account ? accountView(existing.account) : null;
  };

  /** Who may change a link: a help-desk Admin, or (actor null) the operator at the CLI. Refusals are on record. */
  const panelUserToManage = async (actor: Actor | null, action: 'panel.link' | 'panel.unlink', panelUserId: number): Promise<AdminUserRow> => {
    if (actor && !can(actor, 'panel.manage')) {
      await audit().refused(actor, { action, errorCode: 'forbidden' });
      throw forbidden(refusalReason(actor, 'panel.manage'));
    }
    const panelUser = await findPanelUser(panelUserId);
    if (!panelUser) throw notFound('admin-panel user');
    return panelUser;
  };

  const panelRef = (user: AdminUserRow) => ({ id: user.id, email: user.email, name: panelUserName(user) });

  const views = async (panelUserId?: number): Promise<PanelAccessView[]> => {
    const only = panelUserId === undefined ? {} : { id: panelUserId };
    const [users, rows] = await Promise.all([
      strapi.db.query('admin::user').findMany({
        where: only,
        select: ['id', 'email', 'firstname', 'lastname', 'isActive'],
        populate: { roles: { select: ['code', 'name'] } },
        orderBy: { email: 'asc' },
      }) as Promise<AdminUserRow[]>,
      strapi.db.query(UID.panelLink).findMany({
        where: panelUserId === undefined ? {} : { panel_user_id: panelUserId },
        populate: ACCOUNT_POPULATE,
      }) as Promise<LinkRow[]>,
    ]);
    const byPanelUser = new Map(rows.map((r) => [r.panel_user_id, r]));
    return users.map((u) => {
      const link = byPanelUser.get(u.id);
      return {
        panel_user: {
          ...panelRef(u),
          active: Boolean(u.isActive),
          super_admin: hasSuperAdminRole(u.roles),
          roles: (u.roles ?? []).map((r) => r.name),
        },
        account: link?.account ? accountView(link.account) : null,
        linked_by: link?.linked_by ?? null,
        linked_at: link ? new Date(link.createdAt).toISOString() : null,
      };
    });
  };

  return {
    forgetLinks(): void {
      links.clear();
    },

    /** The public id of the account a panel user is linked to, or null. */
    async linkedAccount(panelUserId: number): Promise<string | null> {
      const key = String(panelUserId);
      const cached = links.get(key);
      if (cached) return cached.accountDocumentId;
      const link = await findLink(panelUserId);
      const accountDocumentId = link?.account?.documentId ?? null;
      if (!strapi.db.inTransaction()) links.set(key, { accountDocumentId });
      return accountDocumentId;
    },

    /**
     * A super admin acts as help-desk Admin. With no link yet, a fresh Admin account is made for them and linked on
     * their first visit: never an existing account that merely shares their email (anyone could have made that one).
     * Concurrent first requests share one provisioning.
     */
    async provisionSuperAdmin(user: PanelUserRef): Promise<string> {
      const pending = provisioning.get(user.id);
      if (pending) return pending;
      const work = (async () => {
        const panelUser = await findPanelUser(user.id);
        if (!panelUser) throw new HelpdeskError('unauthenticated', 'Your admin-panel user no longer exists.');
        const accounts = service(strapi, 'accounts');
        const email = await accounts.unusedEmail(panelUser.email, `panel${panelUser.id}`);
        const created = await helpdeskTransaction(strapi, async () => {
          const { account } = await accounts.createAccount({
            email,
            password: crypto.randomBytes(32).toString('base64url'),
            role: 'admin',
            name: await accounts.unusedName(panelUserName(panelUser)),
          });
          const row = await findLinkableAccount(account.id);
          await storeLink(panelUser, row, 'first visit of a super admin');
          await audit().record(null, {
            action: 'panel.link',
            outcome: 'allowed',
            actorName: panelUserName(panelUser),
            details: { panel_user: panelRef(panelUser), account: { id: account.id, email: account.email }, provisioned: true },
          }, 'admin');
          return account;
        });
        links.delete(String(user.id));
        strapi.log.info(`helpdesk: created help-desk Admin account ${created.email} for super admin ${panelUser.email} (panel user ${panelUser.id}) on first visit`);
        return created.id;
      })().finally(() => provisioning.delete(user.id));
      provisioning.set(user.id, work);
      return work;
    },

    /** Every admin-panel user and the account it works as: the "Panel access" page. Admins only. */
    async list(actor: Actor): Promise<PanelAccessView[]> {
      if (!can(actor, 'panel.manage')) throw forbidden(refusalReason(actor, 'panel.manage'));
      return views();
    },

    /** Links a panel user to a Staff or Admin account (a help-desk Admin in the pages, or `by` an operator at the CLI). */
    async link(actor: Actor | null, panelUserId: number, accountId: string, by = 'cli'): Promise<PanelAccessView> {
      const panelUser = await panelUserToManage(actor, 'panel.link', panelUserId);
      await helpdeskTransaction(strapi, async () => {
        const account = await findLinkableAccount(accountId);
        const previous = await storeLink(panelUser, account, actor ? `${actor.credential.kind}:${actor.userId}` : by);
        await audit().record(actor, {
          action: 'panel.link',
          outcome: 'allowed',
          ...(actor ? {} : { actorName: by }),
          details: {
            panel_user: panelRef(panelUser),
            account: { id: account.documentId, email: account.email },
            ...(previous ? { previous: { id: previous.id, email: previous.email } } : {}),
          },
        }, actor ? undefined : 'cli');
      });
      links.delete(String(panelUserId));
      return (await views(panelUserId))[0] as PanelAccessView;
    },

    /** Withdraws a panel user's link: they can no longer work tickets until linked again. */
    async unlink(actor: Actor | null, panelUserId: number, by = 'cli'): Promise<PanelAccessView> {
      const panelUser = await panelUserToManage(actor, 'panel.unlink', panelUserId);
      await helpdeskTransaction(strapi, async () => {
        const existing = await findLink(panelUserId);
        if (!existing) return;
        await strapi.db.query(UID.panelLink).delete({ where: { id: existing.id } });
        await audit().record(actor, {
          action: 'panel.unlink',
          outcome: 'allowed',
          ...(actor ? {} : { actorName: by }),
          details: {
            panel_user: panelRef(panelUser),
            ...(existing.account ? { account: { id: existing.account.documentId, email: existing.account.email } } : {}),
          },
        }, actor ? undefined : 'cli');
      });
      links.delete(String(panelUserId));
      return (await views(panelUserId))[0] as PanelAccessView;
    },

    /** A deleted panel user's link goes with it, so no later user can inherit it. */
    async forgetPanelUser(panelUserId: number): Promise<void> {
      await helpdeskTransaction(strapi, () => strapi.db.query(UID.panelLink).deleteMany({ where: { panel_user_id: panelUserId } }));
      links.delete(String(panelUserId));
    },

    /**
     * Existing installs matched panel users to accounts by email. Once, at the first start of this version, the
     * current matches become stored links (Staff and Admin accounts only) and the log says which; after that,
     * emails decide nothing. A new install has no panel users at its first start, so it links nothing.
     */
    async migrateEmailMatches(): Promise<void> {
      const store = strapi.store({ type: 'plugin', name: 'helpdesk', key: 'panel-links-migration' });
      if (await store.get({})) return;
      const users = (await strapi.db.query('admin::user').findMany({ select: ['id', 'email', 'firstname', 'lastname', 'isActive'] })) as AdminUserRow[];
      const linked: string[] = [];
      for (const user of users) {
        if (await findLink(user.id)) continue;
        const match = await service(strapi, 'accounts').findAccount(user.email);
        if (!match || match.role === 'user') {
          if (match) strapi.log.warn(`helpdesk: panel user ${user.email} not linked: the account with that email has the User role`);
          continue;
        }
        try {
          await this.link(null, user.id, match.id, 'one-time migration (same email)');
          linked.push(`${user.email} → ${match.email} (${match.role})`);
        } catch (error) {
          strapi.log.warn(`helpdesk: panel user ${user.email} not linked: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (linked.length > 0) {
        strapi.log.info(`helpdesk: linked ${linked.length} panel user(s) to the help-desk account with the same email, once, as earlier versions matched them: ${linked.join('; ')}. From now on only these links decide who a panel user is (Help Desk → Panel access).`);
      }
      await store.set({ value: { at: new Date().toISOString(), linked: linked.length } });
    },
  };
};


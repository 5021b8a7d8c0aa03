import type { Core } from '@strapi/strapi';
import type { Actor } from '../../../src/plugins/helpdesk/server/src/auth/actor';
import { service } from '../../../src/plugins/helpdesk/server/src/services/registry';

/**
 * Reads what the pages did back from the database, through the help desk's services (the same ones the pages call).
 * The actors are the real accounts on the "cli" channel; checks only call reading methods. (A read-only actor would
 * not do: the services rightly hide internal notes from read-only credentials.)
 */
export const checker = (strapi: Core.Strapi) => {
  const actorById = async (documentId: string): Promise<Actor> => {
    const actor = await service(strapi, 'actors').actorFor(
      { documentId },
      { credential: { kind: 'cli', id: null, name: 'e2e check' }, channel: 'cli', readOnly: false },
    );
    if (!actor) throw new Error(`no active help-desk account ${documentId}`);
    return actor;
  };
  const actorOf = async (email: string): Promise<Actor> => {
    const account = await service(strapi, 'accounts').findAccount(email);
    if (!account) throw new Error(`no help-desk account ${email}`);
    return actorById(account.id);
  };
  /** Strapi's id of an admin-panel user (links are stored by it). */
  const panelUserId = async (email: string): Promise<number> => {
    const user = (await strapi.db.query('admin::user').findOne({ where: { email }, select: ['id'] })) as { id: number } | null;
    if (!user) throw new Error(`no admin-panel user ${email}`);
    return user.id;
  };
  /** The public id of the help-desk account a panel user works tickets as, or null (never by email). */
  const linkedAccountOf = async (email: string): Promise<string | null> =>
    service(strapi, 'panel-access').linkedAccount(await panelUserId(email));
  return { actorOf, actorById, panelUserId, linkedAccountOf, service: <K extends Parameters<typeof service>[1]>(name: K) => service(strapi, name) };
};

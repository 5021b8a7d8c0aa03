import type { Core } from '@strapi/strapi';
import { panelUserName } from '../admin-panel/panel-user';

export interface PanelUserState {
  id: number;
  email: string;
  firstname?: string | null;
  lastname?: string | null;
}

export interface Asker {
  /** A name for the audit log: the panel user's, or what kind of code asked. */
  name: string;
  panelUser: PanelUserState | null;
  channel: 'admin' | 'rest';
}

/** Who is making a change that reached the document service: the signed-in panel user, or (outside one) the app itself. */
export const whoIsAsking = (strapi: Core.Strapi): Asker => {
  const ctx = strapi.requestContext.get() as { state?: { auth?: { strategy?: { name?: string } }; user?: PanelUserState } } | undefined;
  const user = ctx?.state?.auth?.strategy?.name === 'admin' ? ctx.state.user : undefined;
  if (user) return { name: panelUserName(user), panelUser: user, channel: 'admin' };
  return { name: ctx ? 'another API client' : 'server code (another plugin or script)', panelUser: null, channel: 'rest' };
};

/** The audit details naming a Content Manager editor (not `panel_user`, which a panel.link row uses for its subject). */
export const editedBy = (asker: Asker): { edited_by?: { panel_user_id: number; email: string } } =>
  asker.panelUser ? { edited_by: { panel_user_id: asker.panelUser.id, email: asker.panelUser.email } } : {};

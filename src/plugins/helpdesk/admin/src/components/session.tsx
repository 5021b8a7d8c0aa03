import * as React from 'react';
import { useAuth } from '@strapi/strapi/admin';
import type { MeView, Session } from '../api/types';
import { PERMISSIONS } from '../constants';

export interface Abilities {
  readTickets: boolean;
  reply: boolean;
  changeStatus: boolean;
  assign: boolean;
  link: boolean;
  tag: boolean;
  manageKeys: boolean;
  readAudit: boolean;
  settings: boolean;
  panelAccess: boolean;
}

interface SessionValue {
  session: Session;
  account: MeView;
  /** The panel role's permissions and the help-desk role together: what this person may do here. */
  can: Abilities;
}

const SessionContext = React.createContext<SessionValue | null>(null);

export const SessionProvider = ({ session, account, children }: { session: Session; account: MeView; children: React.ReactNode }) => {
  // The signed-in user's panel permissions, as the admin loaded them (useRBAC names results by the action's last
  // word, which collides for tickets.read and audit.read).
  const granted = useAuth('helpdesk', (state) => state.permissions);
  const value = React.useMemo<SessionValue>(() => {
    const actions = new Set(granted.map((p) => p.action));
    const has = (key: keyof typeof PERMISSIONS) => PERMISSIONS[key].every((p) => actions.has(p.action));
    const isAdmin = account.role === 'admin';
    return {
      session,
      account,
      can: {
        readTickets: has('readTickets'),
        reply: has('reply'),
        changeStatus: has('changeStatus'),
        assign: has('assign'),
        link: has('link'),
        tag: has('tag'),
        manageKeys: has('manageKeys'),
        readAudit: has('readAudit') && isAdmin,
        settings: has('settings') && isAdmin,
        panelAccess: has('panelAccess') && isAdmin,
      },
    };
  }, [session, account, granted]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
};

export const useSession = (): SessionValue => {
  const value = React.useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside SessionProvider');
  return value;
};

import type { Core } from '@strapi/strapi';
import { service } from './registry';

/** The part of users-permissions' advanced settings (plugin store, key `advanced`) that decides sign-ups. */
interface AdvancedSettings {
  allow_register?: boolean;
  email_confirmation?: boolean;
  [setting: string]: unknown;
}

/**
 * users-permissions' bootstrap writes its defaults only when the key is missing. Should the help desk ever write
 * first, it writes the same defaults, so users-permissions' other settings are what they would have been.
 */
const USERS_PERMISSIONS_DEFAULTS: AdvancedSettings = {
  unique_email: true,
  allow_register: true,
  email_confirmation: false,
  email_reset_password: null,
  email_confirmation_redirection: null,
  default_role: 'authenticated',
};

/**
 * Sign-ups through users-permissions (DESIGN §2): closed unless a help-desk admin opens them, and then only with
 * email confirmation. The help desk's setting decides; users-permissions' own store is kept in line with it so its
 * settings page tells the truth, but the registration gate (http/registration-gate.ts) never relies on it.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'users-permissions' });

  return {
    async isOpen(): Promise<boolean> {
      return (await service(strapi, 'settings').get()).registrationOpen;
    },

    /** Closed: users-permissions registers no one. Open: it registers with email confirmation. */
    async alignUsersPermissions(open: boolean): Promise<void> {
      const current = (await store().get({ key: 'advanced' })) as AdvancedSettings | null;
      const wanted = open ? { allow_register: true, email_confirmation: true } : { allow_register: false };
      if (current && Object.entries(wanted).every(([setting, value]) => current[setting] === value)) return;
      await store().set({ key: 'advanced', value: { ...USERS_PERMISSIONS_DEFAULTS, ...(current ?? {}), ...wanted } });
    },
  };
};

import type { Core } from '@strapi/strapi';
import type accounts from './accounts';
import type actors from './actors';
import type audit from './audit';
import type clock from './clock';
import type credentials from './credentials';
import type defaults from './defaults';
import type demo from './demo';

/** The plugin's services by name, typed, so a service call is checked like any other call. */
export interface HelpdeskServices {
  accounts: ReturnType<typeof accounts>;
  actors: ReturnType<typeof actors>;
  audit: ReturnType<typeof audit>;
  clock: ReturnType<typeof clock>;
  credentials: ReturnType<typeof credentials>;
  defaults: ReturnType<typeof defaults>;
  demo: ReturnType<typeof demo>;
}

export const service = <K extends keyof HelpdeskServices>(strapi: Core.Strapi, name: K): HelpdeskServices[K] =>
  strapi.plugin('helpdesk').service(name) as unknown as HelpdeskServices[K];

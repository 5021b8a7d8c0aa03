import type { Core } from '@strapi/strapi';
import type accounts from './accounts';
import type cannedResponses from './canned-responses';
import type actors from './actors';
import type assignment from './assignment';
import type attachments from './attachments';
import type audit from './audit';
import type authorizationServer from './authorization-server';
import type catalog from './catalog';
import type clock from './clock';
import type connections from './connections';
import type coordination from './coordination';
import type credentials from './credentials';
import type defaults from './defaults';
import type demo from './demo';
import type failedAuthentication from './failed-authentication';
import type idempotency from './idempotency';
import type ipBudget from './ip-budget';
import type panelAccess from './panel-access';
import type registration from './registration';
import type replies from './replies';
import type search from './search';
import type serviceLevels from './service-levels';
import type settings from './settings';
import type tags from './tags';
import type ticketDetails from './ticket-details';
import type tickets from './tickets';

/** The plugin's services by name, typed, so a service call is checked like any other call. */
export interface HelpdeskServices {
  accounts: ReturnType<typeof accounts>;
  actors: ReturnType<typeof actors>;
  assignment: ReturnType<typeof assignment>;
  attachments: ReturnType<typeof attachments>;
  audit: ReturnType<typeof audit>;
  'canned-responses': ReturnType<typeof cannedResponses>;
  'authorization-server': ReturnType<typeof authorizationServer>;
  catalog: ReturnType<typeof catalog>;
  clock: ReturnType<typeof clock>;
  connections: ReturnType<typeof connections>;
  coordination: ReturnType<typeof coordination>;
  credentials: ReturnType<typeof credentials>;
  defaults: ReturnType<typeof defaults>;
  demo: ReturnType<typeof demo>;
  'failed-authentication': ReturnType<typeof failedAuthentication>;
  idempotency: ReturnType<typeof idempotency>;
  'ip-budget': ReturnType<typeof ipBudget>;
  'panel-access': ReturnType<typeof panelAccess>;
  registration: ReturnType<typeof registration>;
  replies: ReturnType<typeof replies>;
  search: ReturnType<typeof search>;
  'service-levels': ReturnType<typeof serviceLevels>;
  settings: ReturnType<typeof settings>;
  tags: ReturnType<typeof tags>;
  'ticket-details': ReturnType<typeof ticketDetails>;
  tickets: ReturnType<typeof tickets>;
}

export const service = <K extends keyof HelpdeskServices>(strapi: Core.Strapi, name: K): HelpdeskServices[K] =>
  strapi.plugin('helpdesk').service(name) as unknown as HelpdeskServices[K];

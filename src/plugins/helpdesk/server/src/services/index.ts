import accounts from './accounts';
import cannedResponses from './canned-responses';
import actors from './actors';
import assignment from './assignment';
import attachments from './attachments';
import audit from './audit';
import authorizationServer from './authorization-server';
import catalog from './catalog';
import clock from './clock';
import connections from './connections';
import coordination from './coordination';
import credentials from './credentials';
import defaults from './defaults';
import demo from './demo';
import failedAuthentication from './failed-authentication';
import idempotency from './idempotency';
import ipBudget from './ip-budget';
import panelAccess from './panel-access';
import registration from './registration';
import replies from './replies';
import search from './search';
import serviceLevels from './service-levels';
import settings from './settings';
import tags from './tags';
import ticketDetails from './ticket-details';
import tickets from './tickets';

export default {
  accounts,
  actors,
  assignment,
  attachments,
  audit,
  'canned-responses': cannedResponses,
  'authorization-server': authorizationServer,
  catalog,
  clock,
  connections,
  coordination,
  credentials,
  defaults,
  demo,
  'failed-authentication': failedAuthentication,
  idempotency,
  'ip-budget': ipBudget,
  'panel-access': panelAccess,
  registration,
  replies,
  search,
  'service-levels': serviceLevels,
  settings,
  tags,
  'ticket-details': ticketDetails,
  tickets,
};

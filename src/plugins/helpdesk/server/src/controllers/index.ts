import token from './token';
import apiKeys from './api-keys';
import connections from './connections';
import tickets from './tickets';
import attachments from './attachments';
import directory from './directory';
import tags from './tags';
import adminSession from './admin-session';
import adminTickets from './admin-tickets';
import adminApiKeys from './admin-api-keys';
import adminConnections from './admin-connections';
import adminAudit from './admin-audit';
import adminSettings from './admin-settings';
import adminPanelAccess from './admin-panel-access';
import { adminCannedResponses, cannedResponses } from './canned-responses';

export default {
  token,
  'api-keys': apiKeys,
  connections,
  tickets,
  attachments,
  directory,
  tags,
  'admin-session': adminSession,
  'admin-tickets': adminTickets,
  'admin-api-keys': adminApiKeys,
  'admin-connections': adminConnections,
  'admin-audit': adminAudit,
  'admin-settings': adminSettings,
  'admin-panel-access': adminPanelAccess,
  'canned-responses': cannedResponses,
  'admin-canned-responses': adminCannedResponses,
};

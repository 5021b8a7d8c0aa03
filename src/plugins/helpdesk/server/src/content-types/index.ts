import ticket from './ticket/schema.json';
import reply from './reply/schema.json';
import status from './status/schema.json';
import category from './category/schema.json';
import type from './type/schema.json';
import item from './item/schema.json';
import group from './group/schema.json';
import tag from './tag/schema.json';
import apiKey from './api-key/schema.json';
import auditEvent from './audit-event/schema.json';
import idempotencyRecord from './idempotency-record/schema.json';
import panelLink from './panel-link/schema.json';
import oauthRecord from './oauth-record/schema.json';
import connection from './connection/schema.json';
import cannedResponse from './canned-response/schema.json';
import attachment from './attachment/schema.json';

export default {
  ticket: { schema: ticket },
  reply: { schema: reply },
  status: { schema: status },
  category: { schema: category },
  type: { schema: type },
  item: { schema: item },
  group: { schema: group },
  tag: { schema: tag },
  'api-key': { schema: apiKey },
  'audit-event': { schema: auditEvent },
  'idempotency-record': { schema: idempotencyRecord },
  'panel-link': { schema: panelLink },
  'oauth-record': { schema: oauthRecord },
  connection: { schema: connection },
  'canned-response': { schema: cannedResponse },
  attachment: { schema: attachment },
};

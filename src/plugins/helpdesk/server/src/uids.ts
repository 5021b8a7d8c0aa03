// The content types' uids, named once so a typo is a compile error rather than an empty query.
export const UID = {
  ticket: 'plugin::helpdesk.ticket',
  reply: 'plugin::helpdesk.reply',
  status: 'plugin::helpdesk.status',
  category: 'plugin::helpdesk.category',
  type: 'plugin::helpdesk.type',
  item: 'plugin::helpdesk.item',
  group: 'plugin::helpdesk.group',
  tag: 'plugin::helpdesk.tag',
  apiKey: 'plugin::helpdesk.api-key',
  auditEvent: 'plugin::helpdesk.audit-event',
  idempotencyRecord: 'plugin::helpdesk.idempotency-record',
  panelLink: 'plugin::helpdesk.panel-link',
  oauthRecord: 'plugin::helpdesk.oauth-record',
  connection: 'plugin::helpdesk.connection',
  cannedResponse: 'plugin::helpdesk.canned-response',
  attachment: 'plugin::helpdesk.attachment',
  file: 'plugin::upload.file',
  user: 'plugin::users-permissions.user',
  role: 'plugin::users-permissions.role',
} as const;

export type HelpdeskUid = (typeof UID)[keyof typeof UID];

/** Models whose documentId is the public id and must therefore be a ULID. */
export const ULID_MODELS: ReadonlySet<string> = new Set(Object.values(UID).filter((uid) => uid !== UID.role && uid !== UID.file));

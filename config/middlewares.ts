import type { Core } from '@strapi/strapi';
import { refuseUnreadableBody } from '../src/plugins/helpdesk/server/src/http/unreadable-body';
import { markPartOrder } from '../src/plugins/helpdesk/server/src/http/multipart-files';

const config: Core.Config.Middlewares = [
  'strapi::logger',
  'strapi::errors',
  // Inside strapi::errors: a database that cannot be reached is a 503 `unavailable` with Retry-After, not a 500.
  'plugin::helpdesk.database-unavailable',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  // A body its parser cannot read (broken multipart, gzip that is not gzip) is the client's 400, not a 500.
  // Files keep the order they were sent in (attachments of one message).
  { name: 'strapi::body', config: { onError: refuseUnreadableBody, formidable: { onFileBegin: markPartOrder } } },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];

export default config;

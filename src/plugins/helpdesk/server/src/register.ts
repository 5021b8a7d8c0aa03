import type { Core } from '@strapi/strapi';
import { assignUlidPublicIds } from './public-ids';
import { defaultTicketActivity } from './database/ticket-activity';
import { forgetIdentitiesOnChange } from './database/identity-changes';
import { guardHelpdeskRecords } from './write-path/guards';
import { auditCatalogEdits } from './write-path/catalog-audit';
import { keepCatalogInUse } from './write-path/catalog-in-use';
import { keepSuperAdminOnly } from './content-manager/super-admin-only';
import { registerAuthStrategies } from './auth/strategies';
import { normalizeRestErrors } from './http/rest-errors';
import { guardRegistration } from './http/registration-gate';
import { limitRequestsPerIp } from './http/ip-budget';
import { registerMcp } from './mcp';
import { readMcpSettings } from './mcp/settings';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  assignUlidPublicIds(strapi);
  defaultTicketActivity(strapi);
  forgetIdentitiesOnChange(strapi);
  guardHelpdeskRecords(strapi);
  auditCatalogEdits(strapi);
  keepCatalogInUse(strapi);
  keepSuperAdminOnly(strapi);
  registerAuthStrategies(strapi);
  strapi.server.use(normalizeRestErrors(['/api/helpdesk/', '/helpdesk/']));
  strapi.server.use(limitRequestsPerIp(strapi, readMcpSettings(strapi)));
  strapi.server.use(guardRegistration(strapi));
  registerMcp(strapi);
};

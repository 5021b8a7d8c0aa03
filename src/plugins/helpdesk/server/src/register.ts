import type { Core } from '@strapi/strapi';
import { assignUlidPublicIds } from './public-ids';
import { registerAuthStrategies } from './auth/strategies';
import { normalizeRestErrors } from './http/rest-errors';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  assignUlidPublicIds(strapi);
  registerAuthStrategies(strapi);
  strapi.server.use(normalizeRestErrors(['/api/helpdesk/']));
};

import type { Core } from '@strapi/strapi';
import { assignUlidPublicIds } from './public-ids';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  assignUlidPublicIds(strapi);
};

import type { Core } from '@strapi/strapi';

export const ensureQueryIndexes = async (_strapi: Core.Strapi): Promise<void> => {};

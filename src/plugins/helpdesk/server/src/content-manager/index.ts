import type { Core } from '@strapi/strapi';
import { applyContentManagerViews } from './views';
import { closeHiddenTypes } from './hidden-types';

/** How the help desk appears in Strapi's Content Manager: readable list views, and no way to its secrets. */
export const configureContentManager = async (strapi: Core.Strapi): Promise<void> => {
  closeHiddenTypes(strapi);
  await applyContentManagerViews(strapi);
};

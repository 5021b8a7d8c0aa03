import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

const PREFIX = '/content-manager/';

/** The help desk's content types that the Content Manager must not show: API keys (their hash) and idempotency records. */
const hiddenTypes = (strapi: Core.Strapi): string[] =>
  Object.values(strapi.contentTypes)
    .filter((ct) => ct.uid.startsWith('plugin::helpdesk.'))
    .filter((ct) => (ct.pluginOptions as { 'content-manager'?: { visible?: boolean } } | undefined)?.['content-manager']?.visible === false)
    .map((ct) => ct.uid);

const decoded = (path: string): string => {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
};

/**
 * `visible: false` only hides a type from the Content Manager's menu: its admin API still answers a super admin,
 * API key hashes included. This closes every Content Manager route that names such a type, as if it did not exist.
 */
export const closeHiddenTypes = (strapi: Core.Strapi): void => {
  const hidden = hiddenTypes(strapi);
  strapi.server.use(async (ctx, next) => {
    if (ctx.path.startsWith(PREFIX)) {
      const path = decoded(ctx.path);
      if (hidden.some((uid) => path.includes(uid))) throw new errors.NotFoundError('Not Found');
    }
    await next();
  });
};

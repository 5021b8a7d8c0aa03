import type { Context, Next } from 'koa';
import { STORED_NAME_MARKER } from '../attachments/storage';

const marker = STORED_NAME_MARKER.toLowerCase();

const decoded = (pathname: string): string => {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
};

/**
 * Help-desk files are stored through the upload plugin, whose local provider writes them where Strapi serves
 * /uploads to anyone. Any path naming one (plain or percent-encoded, at any depth) answers 404 before the static
 * server sees it: those files are served only by the help desk's own routes, which apply the rules.
 */
export const refusePublicAttachmentPaths = () => async (ctx: Context, next: Next): Promise<void> => {
  const pathname = ctx.path.toLowerCase();
  if (pathname.includes(marker) || decoded(pathname).toLowerCase().includes(marker)) {
    ctx.status = 404;
    ctx.body = 'Not Found';
    return;
  }
  await next();
};

import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { OAuthError } from '../auth/oauth-error';
import { tokenRequestSchema } from '../validation/credentials';
import { service } from '../services/registry';

const SUPPORTED_GRANTS = ['client_credentials', 'password'];

const usesBasic = (ctx: Context): boolean => /^Basic\b/i.test(ctx.request.header.authorization ?? '');

/**
 * RFC 6749 §2.3.1: a client may send its id and secret as HTTP Basic credentials instead of in the body, each
 * form-urlencoded. A Basic header that does not decode to `id:secret` is refused, never skipped for the body.
 */
const basicCredentials = (ctx: Context): { client_id: string; client_secret: string } | null => {
  if (!usesBasic(ctx)) return null;
  const malformed = () =>
    new OAuthError('invalid_request', 'The Authorization header must be "Basic " + base64(client_id ":" client_secret), each form-urlencoded.');
  const encoded = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(ctx.request.header.authorization ?? '')?.[1];
  if (!encoded) throw malformed();
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw malformed();
  try {
    return { client_id: decodeURIComponent(decoded.slice(0, colon)), client_secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    // decodeURIComponent throws on a % that starts no valid escape.
    throw malformed();
  }
};

const parseTokenRequest = (ctx: Context) => {
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  const params: Record<string, unknown> = { ...body, ...(basicCredentials(ctx) ?? {}) };
  const grant = params.grant_type;
  if (typeof grant !== 'string' || grant === '') throw new OAuthError('invalid_request', 'grant_type is required.');
  if (!SUPPORTED_GRANTS.includes(grant)) {
    throw new OAuthError('unsupported_grant_type', `grant_type must be one of: ${SUPPORTED_GRANTS.join(', ')}.`);
  }
  const parsed = tokenRequestSchema.safeParse(params);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new OAuthError('invalid_request', `Missing or malformed parameter(s): ${missing}.`);
  }
  return parsed.data;
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /api/auth/token — answers RFC 6749 bodies, never Strapi's error shape. */
  async issue(ctx: Context) {
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Pragma', 'no-cache');
    try {
      const request = parseTokenRequest(ctx);
      ctx.body = await service(strapi, 'credentials').issueToken(request, ctx.request.ip);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      ctx.status = error.status;
      if (error.retryAfterSeconds) ctx.set('Retry-After', String(error.retryAfterSeconds));
      if (error.error === 'invalid_client') {
        ctx.set('WWW-Authenticate', usesBasic(ctx) ? 'Basic realm="open-help-desk"' : 'Bearer');
      }
      ctx.body = { error: error.error, error_description: error.description };
    }
  },
});

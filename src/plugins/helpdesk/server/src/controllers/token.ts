import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { OAuthError } from '../auth/oauth-error';
import { asHelpdeskError } from '../errors';
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

/** A database that cannot be reached, in RFC 6749's words; any other failure stays Strapi's (a 500 without details). */
const asOAuthError = (error: unknown): OAuthError | null => {
  const helpdeskError = asHelpdeskError(error);
  if (helpdeskError.code !== 'unavailable') return null;
  return new OAuthError('temporarily_unavailable', helpdeskError.message, helpdeskError.details?.retry_after_seconds);
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
      const refusal = error instanceof OAuthError ? error : asOAuthError(error);
      if (!refusal) throw error;
      ctx.status = refusal.status;
      if (refusal.retryAfterSeconds) ctx.set('Retry-After', String(refusal.retryAfterSeconds));
      if (refusal.error === 'invalid_client') {
        ctx.set('WWW-Authenticate', usesBasic(ctx) ? 'Basic realm="open-help-desk"' : 'Bearer');
      }
      ctx.body = { error: refusal.error, error_description: refusal.description };
    }
  },
});

import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { Actor } from '../auth/actor';
import { serverUrl } from '../http/server-url';
import { service } from '../services/registry';
import { UID } from '../uids';
import { helpdeskTransaction } from '../write-path/permit';
import { clientHostAllowed } from './client-hosts';
import { PAGE_SECURITY_HEADERS, page, renderConsentPage, renderRefusalPage, renderSignInPage } from './pages';
import { INTERACTION_PATH, protectedResources } from './provider';
import { ALL_RESOURCE_SCOPES, grantedScopes, roleAskedFor, roleSuffices } from './scopes';

const CSRF_COOKIE = 'helpdesk_consent_csrf';
const FORM_LIMIT_BYTES = 16 * 1024;
const ROLE_NAMES = { user: 'User', staff: 'Staff', admin: 'Admin' } as const;

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

const send = (ctx: Context, status: number, html: string): void => {
  ctx.status = status;
  ctx.type = 'html';
  ctx.set(PAGE_SECURITY_HEADERS);
  ctx.body = html;
};

/** The form, read here because this runs ahead of Strapi's body parser; bounded, and urlencoded only. */
const readForm = async (ctx: Context): Promise<URLSearchParams | null> => {
  if (!ctx.is('application/x-www-form-urlencoded')) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_LIMIT_BYTES) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
};

const sameSecret = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && left.length > 0 && crypto.timingSafeEqual(left, right);
};

/** The account's role and scope in words, as the consent page states what the app will be able to reach. */
const actingAs = async (strapi: Core.Strapi, actor: Actor): Promise<string> => {
  const role = ROLE_NAMES[actor.role];
  if (actor.role === 'admin') return `as ${role}: every ticket, with internal notes`;
  if (actor.role === 'user') return `as ${role}: the tickets you submitted`;
  const groups = actor.groupInternalIds.length
    ? ((await strapi.db.query(UID.group).findMany({ where: { id: { $in: actor.groupInternalIds } }, select: ['name'], orderBy: { name: 'asc' } })) as Array<{ name: string }>)
    : [];
  const parts = [...(groups.length ? [`tickets of ${groups.map((g) => g.name).join(', ')}`] : []), 'tickets assigned to you', 'tickets you submitted'];
  return `as ${role}: ${parts.slice(0, -1).join(', ')}${parts.length > 1 ? ' and ' : ''}${parts[parts.length - 1]}`;
};

const SIGN_IN_REFUSALS = {
  wrong_password: 'The email or password is not correct.',
  throttled: 'Too many failed sign-ins from here. Wait a few minutes and try again.',
} as const;

/**
 * The consent flow's pages at /oauth/interaction/:uid: sign in with the help-desk account, then Approve (read-only
 * or read and write) or Deny. Approving saves the grant and its connection in one transaction. Every form carries a
 * per-browser CSRF secret, double-submitted as a cookie; a POST from another origin is refused outright.
 */
export const createConsentPages = (strapi: Core.Strapi, provider: () => Provider) => {
  const csrfFor = (ctx: Context): string => {
    const existing = ctx.cookies.get(CSRF_COOKIE);
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const fresh = crypto.randomBytes(32).toString('base64url');
    ctx.cookies.set(CSRF_COOKIE, fresh, {
      httpOnly: true,
      sameSite: 'strict',
      path: INTERACTION_PATH,
      secure: serverUrl(strapi).base.startsWith('https:'),
      signed: false,
      overwrite: true,
    });
    return fresh;
  };

  const finish = async (ctx: Context, result: Parameters<Provider['interactionResult']>[2]): Promise<void> => {
    const to = await provider().interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
    ctx.status = 303;
    ctx.set('Cache-Control', 'no-store');
    ctx.redirect(to);
  };

  const deny = (ctx: Context, description: string) => finish(ctx, { error: 'access_denied', error_description: description });

  return async (ctx: Context): Promise<void> => {
    let details: Details;
    try {
      details = await provider().interactionDetails(ctx.req, ctx.res);
    } catch {
      return send(ctx, 400, page('Link expired', '<h1>This sign-in has expired</h1><p>Start again from the app you were connecting.</p>'));
    }
    if (ctx.path !== `${INTERACTION_PATH}/${details.uid}`) {
      return send(ctx, 400, page('Link expired', '<h1>This sign-in has expired</h1><p>Start again from the app you were connecting.</p>'));
    }

    const clientId = String(details.params.client_id);
    const client = await provider().Client.find(clientId);
    if (!client) return send(ctx, 400, page('Unknown app', '<h1>This app is not known to the help desk</h1><p>You can close this window.</p>'));
    const redirect = new URL(String(details.params.redirect_uri));
    const clientName = String(client.clientName ?? (/^https:/.test(clientId) ? new URL(clientId).host : clientId));
    const requested = new Set(String(details.params.scope ?? '').split(' ').filter(Boolean));
    const action = `${INTERACTION_PATH}/${details.uid}`;
    const csrf = csrfFor(ctx);
    const facts = { action, csrf, clientName, redirectHost: redirect.host, error: null as string | null };
    const refuse = (heading: string, explanation: string) => send(ctx, 403, renderRefusalPage(heading, explanation, { action, csrf }));

    let form: URLSearchParams | null = null;
    if (ctx.method === 'POST') {
      const origin = ctx.get('Origin');
      form = await readForm(ctx);
      if (!form || (origin && !serverUrl(strapi).origins.includes(origin)) || !sameSecret(form.get('csrf') ?? '', ctx.cookies.get(CSRF_COOKIE) ?? '')) {
        return send(ctx, 403, page('Refused', '<h1>This form cannot be accepted</h1><p>Reload the page and try again.</p>'));
      }
      if (form.get('decision') === 'deny') return deny(ctx, 'The person did not approve the connection.');
    } else if (ctx.method !== 'GET') {
      ctx.status = 405;
      return undefined;
    }

    const settings = await service(strapi, 'settings').get();
    const clientHost = /^https:/.test(clientId) ? new URL(clientId).hostname : redirect.hostname;
    if (!clientHostAllowed(settings.oauthClientHosts, clientHost)) {
      return refuse('This app is not allowed here', `This help desk accepts connections only from apps on ${settings.oauthClientHosts.join(', ')}. Ask your help-desk admin.`);
    }

    const accountId = details.session?.accountId ?? (details.result?.login as { accountId?: string } | undefined)?.accountId;
    const needed = roleAskedFor(requested);

    if (!accountId) {
      if (form?.get('decision') !== 'signin') return send(ctx, 200, renderSignInPage({ ...facts, email: '' }));
      const email = (form.get('email') ?? '').trim();
      const outcome = await service(strapi, 'credentials').signInForConsent(email, form.get('password') ?? '', ctx.request.ip);
      if ('refused' in outcome) {
        if (outcome.refused === 'blocked') return refuse('This account is blocked', 'Your help-desk account is blocked, so it cannot connect apps. Ask your help-desk admin.');
        if (outcome.refused === 'unconfirmed') return refuse('Confirm your email first', 'Your help-desk account has not confirmed its email address yet. Follow the link in the confirmation email, then try again.');
        return send(ctx, outcome.refused === 'throttled' ? 429 : 401, renderSignInPage({ ...facts, email, error: SIGN_IN_REFUSALS[outcome.refused] }));
      }
      await provider().interactionResult(ctx.req, ctx.res, { login: { accountId: outcome.actor.userId } }, { mergeWithLastSubmission: true });
      // Post/redirect/get: reloading the consent page never re-sends the password.
      ctx.status = 303;
      ctx.redirect(action);
      return undefined;
    }

    const actor = await service(strapi, 'actors').actorFor(
      { documentId: accountId },
      { credential: { kind: 'oauth', id: null, name: clientName }, channel: 'rest', readOnly: false },
      { fresh: true },
    );
    if (!actor) return refuse('This account is blocked', 'Your help-desk account is blocked, so it cannot connect apps. Ask your help-desk admin.');
    if (!roleSuffices(actor.role, needed)) {
      return refuse(
        `${clientName} needs a ${ROLE_NAMES[needed ?? 'user']} account`,
        `This app asks to work as ${ROLE_NAMES[needed ?? 'user']}, and your account is a ${ROLE_NAMES[actor.role]}. It would not be able to do its job, so it cannot connect. Return to the app, or sign in with another account.`,
      );
    }
    const account = await service(strapi, 'actors').findAccount({ id: actor.internalId });
    if (form?.get('decision') !== 'approve') {
      return send(ctx, 200, renderConsentPage({ ...facts, email: account?.email ?? '', actingAs: await actingAs(strapi, actor) }));
    }

    const readOnly = form.get('access') !== 'write';
    const resources = ([] as unknown[]).concat(details.params.resource ?? protectedResources(strapi).mcp).map(String);
    const grantId = await helpdeskTransaction(strapi, async () => {
      const grant = new (provider().Grant)({ accountId, clientId });
      const oidcScopes = ['openid', 'offline_access'].filter((scope) => requested.has(scope));
      if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(' '));
      const granted = grantedScopes(requested, readOnly);
      // What was asked for and not granted (write, on a read-only approval) is rejected, not left pending: a
      // pending scope would bring the consent page straight back.
      const declined = [...requested].filter((scope) => ALL_RESOURCE_SCOPES.includes(scope) && !granted.includes(scope));
      for (const resource of resources) {
        grant.addResourceScope(resource, granted.join(' '));
        if (declined.length) grant.rejectResourceScope(resource, declined.join(' '));
      }
      const id = await grant.save();
      await service(strapi, 'connections').recordApproval(actor, {
        ownerInternalId: actor.internalId,
        clientId,
        clientName,
        redirectHost: redirect.host,
        grantId: id,
        readOnly,
      });
      return id;
    });
    return finish(ctx, { login: { accountId }, consent: { grantId } });
  };
};

